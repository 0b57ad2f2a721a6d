namespace Atrium.Testing;

/// <summary>A virtual host of a <see cref="RabbitMqServer"/> node that one test has to itself.</summary>
/// <param name="Name">Its name, for <c>rabbitmqctl -p</c>.</param>
/// <param name="Uri">The AMQP URI of it, with the user and password, for <c>eventing.rabbitmq.uri</c>.</param>
public sealed record RabbitMqVirtualHost(string Name, string Uri);
