using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Duel.Silo.Storage;

/// <summary>
/// Sends the single-statement writes that arrive together as one <see cref="NpgsqlBatch"/>: one round trip,
/// which PostgreSQL runs as one implicit transaction with one commit and one WAL flush. A write waits only for a
/// free lane: a lone write leaves at once, alone, as before; while every lane has a batch in flight the writes
/// that arrive queue and leave together in the next one. Under a burst the commits and round trips per write
/// fall with the batch's size; each caller still returns only after its own write committed.
/// A statement that fails aborts its whole batch (the transaction is rolled back, nothing of it committed), so
/// the batch is then sent again one write at a time and only the failing write sees its error.
/// Npgsql batches statements but offers no such queue; this is the smallest one the grain storage needs.
/// </summary>
public sealed class WriteBatcher : IAsyncDisposable
{
    /// <summary>Batches in flight at once: a burst's writes wait for the next of these, never for a timer.</summary>
    public const int Lanes = 4;

    /// <summary>The most writes one batch carries (a battle's state is ~1 KB compressed, a few KB raw).</summary>
    public const int MaxBatch = 64;

    private readonly NpgsqlDataSource _dataSource;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>();
    private readonly Task[] _lanes;
    private long _batches;
    private long _writes;

    public WriteBatcher(NpgsqlDataSource dataSource, int lanes = Lanes)
    {
        _dataSource = dataSource;
        _lanes = [.. Enumerable.Range(0, lanes).Select(_ => Task.Run(RunLaneAsync))];
    }

    /// <summary>Batches sent since start and the writes they carried (<c>./duel bench grains</c> prints how many writes a batch took).</summary>
    public (long Batches, long Writes) Sent => (Interlocked.Read(ref _batches), Interlocked.Read(ref _writes));

    /// <summary>
    /// Runs <paramref name="sql"/> in the next batch and returns the integer in the first column of the single row
    /// it returns, or null when it returns none. The statement must return a result set (a <c>select</c> or a
    /// <c>returning</c> clause), even an empty one, so that each write's result can be told apart in the batch.
    /// </summary>
    public Task<int?> WriteAsync(string sql, params NpgsqlParameter[] parameters)
    {
        var write = new PendingWrite(sql, parameters);
        if (!_queue.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(nameof(WriteBatcher));
        }
        return write.Result.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_lanes);
    }

    private async Task RunLaneAsync()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }
            if (batch.Count > 0)
            {
                await SendAsync(batch);
                batch.Clear();
            }
        }
    }

    private async Task SendAsync(List<PendingWrite> batch)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _writes, batch.Count);
        try
        {
            await ExecuteAsync(batch);
        }
        catch (PostgresException) when (batch.Count > 1)
        {
            // The server refused a statement, so the implicit transaction was rolled back whole: each write again,
            // alone, so one bad write cannot fail the others.
            foreach (var write in batch)
            {
                await SendAsync([write]);
            }
        }
        catch (Exception e)
        {
            // The connection or the commit failed: the outcome is unknown, as for a single write, and every
            // caller hears it (a grain's write then fails its call, and a stale version shows on the next).
            batch.ForEach(write => write.Result.TrySetException(e));
        }
    }

    private async Task ExecuteAsync(IReadOnlyList<PendingWrite> writes)
    {
        var results = new int?[writes.Count];
        await using (var connection = await _dataSource.OpenConnectionAsync())
        await using (var batch = new NpgsqlBatch(connection))
        {
            foreach (var write in writes)
            {
                batch.BatchCommands.Add(write.Command());
            }
            // The reader is disposed before any result is handed out: only then has the commit been confirmed.
            await using var reader = await batch.ExecuteReaderAsync();
            for (var i = 0; i < writes.Count; i++)
            {
                if (i > 0 && !await reader.NextResultAsync())
                {
                    throw new InvalidOperationException($"Write {i + 1} of a batch returned no result set: {writes[i].Sql}");
                }
                results[i] = await reader.ReadAsync() ? reader.GetInt32(0) : null;
            }
        }
        for (var i = 0; i < writes.Count; i++)
        {
            writes[i].Result.TrySetResult(results[i]);
        }
    }

    private sealed class PendingWrite(string sql, NpgsqlParameter[] parameters)
    {
        public string Sql => sql;

        // Continuations run on the pool, not on the lane that completes a whole batch.
        public TaskCompletionSource<int?> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>A fresh command each time: a parameter belongs to one command, and a write may be sent twice.</summary>
        public NpgsqlBatchCommand Command()
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var parameter in parameters)
            {
                command.Parameters.Add(parameter.Clone());
            }
            return command;
        }
    }
}

public static class WriteBatcherExtensions
{
    /// <summary>The silo's one batcher on its <see cref="NpgsqlDataSource"/>, unless one is registered already.</summary>
    public static IServiceCollection TryAddWriteBatcher(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new WriteBatcher(sp.GetRequiredService<NpgsqlDataSource>()));
        return services;
    }
}
