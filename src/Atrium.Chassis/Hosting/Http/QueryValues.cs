using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Atrium.Chassis.Hosting.Http;

/// <summary>Reads query-string values for endpoints that collect every bad field before answering VALIDATION_FAILED.</summary>
public static class QueryValues
{
    /// <summary>The last page a list may ask for, so that the offset (page − 1) × pageSize cannot overflow. 1,000,000.</summary>
    public const int MaxPage = 1_000_000;

    /// <summary>The page size of a list whose request names none. 20.</summary>
    public const int DefaultPageSize = 20;

    /// <summary>
    /// The <c>page</c> (default 1, at most <see cref="MaxPage"/>) and <c>pageSize</c> (default
    /// <see cref="DefaultPageSize"/>, cut to <paramref name="maxPageSize"/>) of a list request; a value out of range or
    /// not a whole number is recorded under its name in <paramref name="errors"/>.
    /// </summary>
    public static (int Page, int PageSize) ReadPaging(HttpRequest request, int maxPageSize, IDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var page = ReadInt(request, "page", 1, errors);
        var pageSize = ReadInt(request, "pageSize", DefaultPageSize, errors);
        if (page is < 1 or > MaxPage)
        {
            errors["page"] = [$"must be 1 to {MaxPage}"];
        }

        if (pageSize < 1)
        {
            errors["pageSize"] = ["must be 1 or more"];
        }

        return (page, Math.Min(pageSize, maxPageSize));
    }

    /// <summary>
    /// The whole number in query parameter <paramref name="name"/>, or <paramref name="fallback"/> when it is absent;
    /// anything else records "must be a whole number" under <paramref name="name"/> in <paramref name="errors"/>.
    /// </summary>
    public static int ReadInt(HttpRequest request, string name, int fallback, IDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors[name] = ["must be a whole number"];
        return fallback;
    }
}
