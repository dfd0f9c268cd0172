using Duel.Hosting;
using Npgsql;

namespace Duel.Silo.Tests;

/// <summary>The pools every node opens: no reset on return, prepared statements and a bounded size unless the operator names them.</summary>
public sealed class PostgresPoolsTests
{
    [Fact]
    public void Pools_skip_the_reset_and_stay_within_the_default_size()
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgresPools.ConnectionString("Host=db;Username=duel;Database=duel"));
        Assert.True(tuned.NoResetOnClose);
        Assert.Equal(PostgresPools.DefaultMaxPoolSize, tuned.MaxPoolSize);
        Assert.Equal(PostgresPools.DefaultMaxAutoPrepare, tuned.MaxAutoPrepare);
        Assert.Equal("db", tuned.Host);
    }

    [Fact]
    public void A_size_the_operator_names_is_kept()
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgresPools.ConnectionString("Host=db;Maximum Pool Size=150;Max Auto Prepare=0"));
        Assert.Equal(150, tuned.MaxPoolSize);
        Assert.Equal(0, tuned.MaxAutoPrepare);
        Assert.True(tuned.NoResetOnClose);
    }
}
