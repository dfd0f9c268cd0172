using Duel.Hosting;
using Npgsql;

namespace Duel.Silo.Tests;

/// <summary>The pools every node opens: no reset on return, and a bounded size unless the operator names one.</summary>
public sealed class PostgresPoolsTests
{
    [Fact]
    public void Pools_skip_the_reset_and_stay_within_the_default_size()
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgresPools.ConnectionString("Host=db;Username=duel;Database=duel"));
        Assert.True(tuned.NoResetOnClose);
        Assert.Equal(PostgresPools.DefaultMaxPoolSize, tuned.MaxPoolSize);
        Assert.Equal("db", tuned.Host);
    }

    [Fact]
    public void A_size_the_operator_names_is_kept()
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgresPools.ConnectionString("Host=db;Maximum Pool Size=150"));
        Assert.Equal(150, tuned.MaxPoolSize);
        Assert.True(tuned.NoResetOnClose);
    }
}
