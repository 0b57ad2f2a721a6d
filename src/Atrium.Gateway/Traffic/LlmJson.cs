using System.Text.Json;

namespace Atrium.Gateway.Traffic;

/// <summary>
/// The two fields of OpenAI-compatible JSON the gateway reads: a request's top-level <c>model</c> and a response's (or
/// a streamed chunk's) <c>usage.total_tokens</c>. A forward-only reader, no document and no reflection.
/// </summary>
internal static class LlmJson
{
    public static bool TryReadModel(ReadOnlySpan<byte> json, out string model)
    {
        model = "";
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isModel = reader.ValueTextEquals("model"u8);
                reader.Read();
                if (isModel)
                {
                    model = reader.TokenType == JsonTokenType.String ? reader.GetString()! : "";
                    return model.Length > 0;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not JSON: no model.
        }

        return false;
    }

    /// <summary>The <c>usage.total_tokens</c> (or prompt plus completion tokens) of a JSON object, when it has them.</summary>
    public static long? ReadUsage(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isUsage = reader.ValueTextEquals("usage"u8);
                reader.Read();
                if (isUsage && reader.TokenType == JsonTokenType.StartObject)
                {
                    return ReadTotal(ref reader);
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // A body that is not JSON counts nothing.
        }

        return null;
    }

    private static long? ReadTotal(ref Utf8JsonReader reader)
    {
        long? total = null;
        long parts = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueTextEquals("total_tokens"u8) ? 0 : reader.ValueTextEquals("prompt_tokens"u8) || reader.ValueTextEquals("completion_tokens"u8) ? 1 : 2;
            reader.Read();
            if (name < 2 && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) && value >= 0)
            {
                if (name == 0)
                {
                    total = value;
                }
                else
                {
                    parts += value;
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return total ?? (parts > 0 ? parts : null);
    }
}
