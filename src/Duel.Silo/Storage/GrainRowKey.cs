using System.Text;

namespace Duel.Silo.Storage;

/// <summary>
/// A grain's row key in <c>orleans_grain_state</c>, computed as Orleans' ADO.NET grain storage computes it (its
/// default hasher, <c>StableHash</c> over the key's bytes reversed), so rows written before this provider are
/// found again: the key split as n0/n1 (a Guid's halves, or 0 and the integer key) plus the string part, and
/// 32-bit hashes of the id and of the state's name. <c>PostgresGrainStorageTests</c> holds the two to each other.
/// </summary>
internal readonly record struct GrainRowKey(int IdHash, int TypeHash, string GrainType, long N0, long N1, string? Extension)
{
    public static GrainRowKey Of(string stateName, GrainId grainId)
    {
        // The ADO.NET provider strips a generic type's arguments from the name; a duel state's name is a plain word.
        if (stateName.Contains('`'))
        {
            throw new ArgumentException($"Grain state names with generic arguments are not supported: {stateName}", nameof(stateName));
        }
        // The name's bytes are hashed as they are; the id's bytes are reversed first (Hash below), as the provider does.
        var typeHash = (int)StableHash.ComputeHash(Encoding.UTF8.GetBytes(stateName));
        if (grainId.TryGetGuidKey(out var guid, out var extension))
        {
            var bytes = guid.ToByteArray();
            return new(Hash(WithExtension(bytes, extension)), typeHash, stateName,
                BitConverter.ToInt64(bytes, 0), BitConverter.ToInt64(bytes, 8), extension);
        }
        if (grainId.TryGetIntegerKey(out var integer, out extension))
        {
            return new(Hash(WithExtension(BitConverter.GetBytes(integer), extension)), typeHash, stateName, 0, integer, extension);
        }
        var key = grainId.Key.ToString();
        return new(Hash(Encoding.UTF8.GetBytes(key)), typeHash, stateName, 0, 0, key);
    }

    private static byte[] WithExtension(byte[] key, string? extension) =>
        extension is null ? key : [.. key, .. Encoding.UTF8.GetBytes(extension)];

    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        // Reversed into a copy: the caller's array is also the key's n0/n1.
        Span<byte> hashed = bytes.Length <= 256 ? stackalloc byte[bytes.Length] : new byte[bytes.Length];
        bytes.CopyTo(hashed);
        if (BitConverter.IsLittleEndian)
        {
            hashed.Reverse();
        }
        return (int)StableHash.ComputeHash(hashed);
    }
}
