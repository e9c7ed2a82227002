using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Spate.Ui;

/// <summary>The access token every request must carry when one is set: <c>Authorization: Bearer …</c> or <c>?token=…</c>.</summary>
internal sealed class AccessToken
{
    private readonly byte[] _hash;

    public AccessToken(string token)
    {
        Value = token;
        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
    }

    public string Value { get; }

    /// <summary>Compares hashes in constant time, so neither the content nor the length of the token leaks through timing.</summary>
    public bool Matches(string? candidate)
    {
        if (candidate == null) return false;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(candidate));
        return CryptographicOperations.FixedTimeEquals(hash, _hash);
    }

    public bool IsAuthorized(HttpRequest request)
    {
        bool ok = false;
        foreach (var header in request.Headers.Authorization)
        {
            if (header != null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
                ok |= Matches(header["Bearer ".Length..].Trim());
        }
        foreach (var q in request.Query["token"]) ok |= Matches(q);
        return ok;
    }
}
