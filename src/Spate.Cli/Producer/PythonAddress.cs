using System.Net;
using System.Net.Sockets;

namespace Spate.Cli.Producer;

/// <summary>Formats a peer address like Python's <c>str(addr)</c> from <c>socket.accept()</c>.</summary>
internal static class PythonAddress
{
    /// <summary>
    /// <c>('127.0.0.1', 54321)</c> for IPv4; <c>('::1', 54321, 0, 0)</c> (flow info, scope id) for IPv6.
    /// </summary>
    public static string Format(IPEndPoint endPoint)
    {
        var address = endPoint.Address;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var text = address.ToString();
            var percent = text.IndexOf('%');
            if (percent >= 0)
            {
                text = text[..percent];
            }
            return $"('{text}', {endPoint.Port}, 0, {address.ScopeId})";
        }
        return $"('{address}', {endPoint.Port})";
    }
}
