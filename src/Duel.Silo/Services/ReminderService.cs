using Duel.Grains.Runtime;
using Duel.Silo.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Duel.Silo.Services;

/// <summary>
/// Fires due reminders on every silo. Each one runs as a turn of its grain: lock the grain row (the order every
/// turn uses), claim the reminder row (SKIP LOCKED), delete it and call ReceiveReminder, all in one transaction,
/// so a reminder fires once when the turn commits and again only if it failed.
/// </summary>
internal sealed class ReminderService(
    GrainRuntime runtime, NpgsqlDataSource dataSource, IOptions<SiloOptions> options, TimeProvider time, ILogger<ReminderService> logger)
    : BackgroundService
{
    private const string Due = """
        select grain_type, grain_key, name from reminders where due_at <= $1 order by due_at limit 200
        """;

    private const string Claim = """
        delete from reminders where (grain_type, grain_key, name) in (
            select grain_type, grain_key, name from reminders
            where grain_type = $1 and grain_key = $2 and name = $3 and due_at <= $4
            for update skip locked)
        """;

    private readonly RetryBackoff _backoff = new(time, TimeSpan.FromMinutes(1));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReminderPollInterval, time);
        var failing = false;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var due = await DueAsync(stoppingToken);
                await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = stoppingToken },
                    async (reminder, _) => await FireAsync(reminder.Type, reminder.Key, reminder.Name));
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Once per outage, not five times a second.
                if (!failing)
                {
                    logger.LogWarning(e, "Reminder poll failed; retrying quietly until it works again");
                }
                failing = true;
                continue;
            }
            if (failing)
            {
                logger.LogInformation("Reminder poll works again");
                failing = false;
            }
        }
    }

    private async Task<List<(string Type, string Key, string Name)>> DueAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(Due);
        command.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var due = new List<(string, string, string)>();
        while (await reader.ReadAsync(ct))
        {
            due.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }
        return due;
    }

    private async Task FireAsync(string type, string key, string name)
    {
        var registration = runtime.Registry.FindByName(type);
        if (registration is null || !typeof(IRemindable).IsAssignableFrom(registration.Interface))
        {
            logger.LogWarning("Reminder {Name} of {Type}/{Key}: no remindable grain type '{Type}' in this silo", name, type, key, type);
            return;
        }
        var id = $"{type}/{key}/{name}";
        if (_backoff.Waiting(id))
        {
            return;
        }
        try
        {
            await runtime.RunTurnAsync($"{type}/{key}", async turn =>
            {
                await turn.LockAsync(registration, key);
                await using (var batch = turn.CreateBatch())
                {
                    batch.BatchCommands.Add(Turn.Command(Claim, type, key, name, turn.Now));
                    if (await batch.ExecuteNonQueryAsync() == 0)
                    {
                        return false;
                    }
                }
                return await runtime.CallInTurnAsync(new CallFrame(turn, null), registration, key, false, nameof(IRemindable.ReceiveReminder),
                    async grain =>
                    {
                        await ((IRemindable)grain).ReceiveReminder(name);
                        return true;
                    });
            }, CancellationToken.None);
            _backoff.Succeeded(id);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Reminder {Name} of {Type}/{Key} failed (time {Failures}); it stays due and is retried later",
                name, type, key, _backoff.Failed(id));
        }
    }
}
