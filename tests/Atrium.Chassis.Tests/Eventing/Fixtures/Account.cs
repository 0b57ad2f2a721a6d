namespace Atrium.Chassis.Tests.Eventing.Fixtures;

/// <summary>The handler's own table: one row per effect.</summary>
internal sealed class Account
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public string Email { get; set; } = "";
}
