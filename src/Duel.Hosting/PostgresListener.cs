using Microsoft.Extensions.Logging;
using Npgsql;

namespace Duel.Hosting;

/// <summary>
/// A <c>LISTEN</c> kept open for the life of a service: one connection held for it, notifications
/// handed to <c>notified</c> as they arrive, and after a lost connection (a database restart) a
/// new one a second later. Whatever a notification would have said while the connection was down is
/// for the caller's own poll or sweep to find; <c>listening</c> runs after each (re)connect for that.
/// </summary>
public static class PostgresListener
{
    /// <param name="channel">One of our fixed channel names (it is an identifier, so it cannot be a parameter).</param>
    public static async Task RunAsync(
        NpgsqlDataSource dataSource, string channel, Action<string> notified, Action? listening, ILogger logger, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                connection.Notification += (_, e) => notified(e.Payload);
                await using (var listen = new NpgsqlCommand($"listen {channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(ct);
                }

                listening?.Invoke();
                while (!ct.IsCancellationRequested)
                {
                    await connection.WaitAsync(ct);
                }
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                logger.LogWarning("The LISTEN {Channel} connection was lost ({Message}); reconnecting", channel, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
            }
        }
    }
}
