using System.Security.Cryptography;
using Atrium.Chassis.Hosting;
using Atrium.Chassis.Data.Persistence;
using Atrium.Identity.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Atrium.Identity.Infrastructure;

/// <summary>
/// At start: creates the schema if the database is new, and the bootstrap administrator if there is none. The
/// password comes from <c>ATRIUM_ADMIN_PASSWORD</c>, which must meet the <see cref="PasswordPolicy"/> whenever it is
/// set (else the module does not start); without it a random one is generated and written to
/// <paramref name="passwordFile"/>, readable by the owner only, at the start that creates the account. The password
/// itself is never logged: logs may leave the machine (OTLP). The file is deleted again when the account is not
/// saved (a failed save, another instance that created the administrator first): a password that does not work
/// must not be left to be found. A file from an earlier start is tightened to owner-only if others may read it.
/// </summary>
internal sealed partial class AdminBootstrapper(
    IServiceScopeFactory scopes, IdentityOptions options, TimeProvider time, ILogger<AdminBootstrapper> logger, string passwordFile) : IHostedService
{
    public const string PasswordVariable = "ATRIUM_ADMIN_PASSWORD";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var password = Environment.GetEnvironmentVariable(PasswordVariable);
        if (!string.IsNullOrEmpty(password) && PasswordPolicy.Check(password) is { } rule)
        {
            // Worded like a config error: the variable is part of the configuration.
            throw new InvalidOperationException($"{PasswordVariable}: {rule} (the rule for every password); unset it to have a password generated");
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        await db.Database.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);

        // Validated at config load.
        _ = EmailAddress.TryParse(options.AdminEmail, out var email);
        if (await db.Users.AnyAsync(u => u.Email == email.Value, cancellationToken).ConfigureAwait(false))
        {
            if (!OperatingSystem.IsWindows() && File.Exists(passwordFile))
            {
                OwnerOnly.Tighten(passwordFile, logger);
            }

            return;
        }

        var generated = string.IsNullOrEmpty(password);
        if (generated)
        {
            password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
            // Written before the account exists: a failed write must not leave an administrator nobody can sign in as.
            OwnerOnly.WriteFile(passwordFile, password + "\n", overwrite: true);
        }

        var hasher = scope.ServiceProvider.GetRequiredService<IPasswordHasher<User>>();
        var admin = User.Register(Guid.CreateVersion7(time.GetUtcNow()), email, hasher.HashPassword(null!, password!), time.GetUtcNow());
        admin.GrantRole(Roles.Admin);
        db.Users.Add(admin);
        var saved = false;
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            saved = true;
        }
        finally
        {
            if (generated && !saved)
            {
                DeleteIfOurs(passwordFile, password!);
            }
        }

        if (generated)
        {
            LogGeneratedPassword(logger, email.Value, passwordFile, PasswordVariable);
        }
        else
        {
            LogCreated(logger, email.Value, PasswordVariable);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Another instance sharing the data directory may have written its own (working) password there since.
    private static void DeleteIfOurs(string passwordFile, string password)
    {
        try
        {
            if (File.ReadAllText(passwordFile) == password + "\n")
            {
                File.Delete(passwordFile);
            }
        }
        catch (IOException)
        {
            // Gone already, or unreadable: nothing of ours to remove.
        }
    }

    [LoggerMessage(EventId = IdentityEventIds.AdminCreatedWithGeneratedPassword, Level = LogLevel.Warning, Message = "Created the administrator {Email} with a generated password, written to {PasswordFile} (readable by its owner only; delete it once the password is kept elsewhere, or set {Variable} to choose it)")]
    private static partial void LogGeneratedPassword(ILogger logger, string email, string passwordFile, string variable);

    [LoggerMessage(EventId = IdentityEventIds.AdminCreated, Level = LogLevel.Information, Message = "Created the administrator {Email} with the password from {Variable}")]
    private static partial void LogCreated(ILogger logger, string email, string variable);
}
