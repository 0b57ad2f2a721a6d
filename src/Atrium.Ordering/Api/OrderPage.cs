using Atrium.Ordering.Application.ReadModel;

namespace Atrium.Ordering.Api;

/// <summary>A page of the caller's orders, newest first.</summary>
internal sealed record OrderPage(IReadOnlyList<OrderDetails> Items, int Page, int PageSize, int Total);
