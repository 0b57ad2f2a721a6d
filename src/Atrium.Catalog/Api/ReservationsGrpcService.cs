using Atrium.Catalog.Application;
using Atrium.Catalog.Domain;
using Atrium.Contracts.Catalog.V1;
using Grpc.Core;
using ReservationLine = Atrium.Catalog.Domain.ReservationLine;

namespace Atrium.Catalog.Api;

/// <summary>
/// <c>atrium.catalog.v1.Reservations</c> on the h2c listener: the stock branch of the order saga, TCC try, confirm and
/// cancel behind the barrier of <see cref="ReservationService"/>. Rule failures answer through
/// <see cref="CatalogErrorMapping"/>; a malformed request through <see cref="CatalogRpcValidation"/>.
/// </summary>
internal sealed class ReservationsGrpcService(ReservationService reservations) : Reservations.ReservationsBase
{
    /// <summary>The status of a cancel that came before any try: recorded, nothing released.</summary>
    public const string NullCompensated = "NullCompensated";

    /// <summary>Holds every line or none (TCC try).</summary>
    public override async Task<ReservationReply> Try(TryReservationRequest request, ServerCallContext context)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        CatalogRpcValidation.CheckTransactionId(request.TransactionId, errors);
        if (request.Lines.Count == 0)
        {
            errors["lines"] = ["at least one line is required"];
        }

        var lines = new List<ReservationLine>(request.Lines.Count);
        for (var i = 0; i < request.Lines.Count; i++)
        {
            var line = request.Lines[i];
            var productId = CatalogRpcValidation.ParseProductId(line.ProductId, $"lines[{i}].product_id", errors);
            if (line.Quantity <= 0)
            {
                errors[$"lines[{i}].quantity"] = ["must be 1 or more"];
            }

            lines.Add(new ReservationLine(productId ?? Guid.Empty, line.Quantity));
        }

        CatalogRpcValidation.ThrowIfInvalid(errors);
        return Reply(await CatalogErrorMapping.RunAsync(() => reservations.TryAsync(request.TransactionId, lines, context.CancellationToken)).ConfigureAwait(false));
    }

    /// <summary>Ships the held stock once (TCC confirm).</summary>
    public override async Task<ReservationReply> Confirm(ReservationRequest request, ServerCallContext context)
    {
        CatalogRpcValidation.ThrowIfInvalidTransactionId(request.TransactionId);
        var status = await CatalogErrorMapping.RunAsync(() => reservations.ConfirmAsync(request.TransactionId, context.CancellationToken)).ConfigureAwait(false);
        return new ReservationReply { TransactionId = request.TransactionId, Status = status.ToString() };
    }

    /// <summary>Releases the held stock once, or records a null compensation (TCC cancel).</summary>
    public override async Task<ReservationReply> Cancel(ReservationRequest request, ServerCallContext context)
    {
        CatalogRpcValidation.ThrowIfInvalidTransactionId(request.TransactionId);
        var reservation = await CatalogErrorMapping.RunAsync(() => reservations.CancelAsync(request.TransactionId, context.CancellationToken)).ConfigureAwait(false);
        return reservation is null
            ? new ReservationReply { TransactionId = request.TransactionId, Status = NullCompensated }
            : Reply(reservation);
    }

    private static ReservationReply Reply(Reservation reservation) =>
        new() { TransactionId = reservation.TransactionId, Status = reservation.Status.ToString() };
}
