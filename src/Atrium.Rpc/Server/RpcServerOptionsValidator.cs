using Microsoft.Extensions.Options;

namespace Atrium.Rpc.Server;

/// <summary>Validates <see cref="RpcServerOptions"/>, reporting every problem at once.</summary>
internal sealed class RpcServerOptionsValidator : IValidateOptions<RpcServerOptions>
{
    public ValidateOptionsResult Validate(string? name, RpcServerOptions options)
    {
        var errors = new List<string>();
        if (options.MaxReceiveMessageSize <= 0)
        {
            errors.Add($"{nameof(RpcServerOptions.MaxReceiveMessageSize)} must be positive; it is {options.MaxReceiveMessageSize}.");
        }

        if (options.MaxSendMessageSize <= 0)
        {
            errors.Add($"{nameof(RpcServerOptions.MaxSendMessageSize)} must be positive; it is {options.MaxSendMessageSize}.");
        }

        if (options.Interceptors.Any(i => i is null))
        {
            errors.Add($"{nameof(RpcServerOptions.Interceptors)} must not contain null.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
