using Atrium.Gateway.Configuration;
using Atrium.Gateway.Transforms;

namespace Atrium.Gateway.Validation;

/// <summary>Rules of <c>routes[i].transforms</c>: absolute paths, one way to rewrite the path, a valid template.</summary>
internal static class TransformsValidator
{
    public static void Validate(TransformsConfig transforms, ConfigScope scope)
    {
        HeaderTransformsValidator.Validate(transforms.RequestHeaders, scope.Child("requestHeaders"));
        HeaderTransformsValidator.Validate(transforms.ResponseHeaders, scope.Child("responseHeaders"));
        foreach (var (name, value) in new[] { ("pathRemovePrefix", transforms.PathRemovePrefix), ("pathPrefix", transforms.PathPrefix), ("pathTemplate", transforms.PathTemplate) })
        {
            if (value.Length > 0 && value[0] != '/')
            {
                scope.AddError(name, "must start with '/'");
            }
        }

        if (transforms.PathTemplate.Length > 0 && (transforms.PathRemovePrefix.Length > 0 || transforms.PathPrefix.Length > 0))
        {
            scope.AddError("pathTemplate", "pathTemplate replaces the whole path; do not combine it with pathRemovePrefix or pathPrefix");
        }

        if (transforms.PathTemplate.Length > 0 && !PathTemplateRenderer.IsValid(transforms.PathTemplate, out var error))
        {
            scope.AddError("pathTemplate", error!);
        }
    }
}
