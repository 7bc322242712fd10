using Npgsql;

namespace Did.Sdk.Dao.PostgreSql.Tests;

/// <summary>--store strings: PostgreSQL or SQLite, and the strict conversion of postgres:// URIs (Npgsql does not parse them).</summary>
public sealed class PostgresConnectionStringTests
{
    [Theory]
    [InlineData("postgres://u:s3cr3t@h:0/db")]
    [InlineData("postgres://u:s3cr3t@h:65536/db")]
    [InlineData("postgres://u:s3cr3t@h:12a/db")]
    [InlineData("postgres://u:s3cr3t@h:/db")]
    [InlineData("postgres://u:s3cr3t@h:5432:1/db")]
    [InlineData("postgres://u:s3cr3t@h/db#fragment")]
    [InlineData("postgres://u:s3cr3t@@h/db")]
    [InlineData("postgres://u:s3cr@t@h/db")]
    [InlineData("postgres://:s3cr3t@h/db")]
    [InlineData("postgres://u:s3cr3t@/db")]
    [InlineData("postgres://u:s3cr3t@h1,h2/db")]
    [InlineData("postgres://u:s3cr3t@[::1/db")]
    [InlineData("postgres://u:s3cr3t@[127.0.0.1]/db")]
    [InlineData("postgres://u:s3cr3t@[::1]x/db")]
    [InlineData("postgres://u:s3cr3t@h.-bad/db")]
    [InlineData("postgres://u:s3cr3t@h/db/extra")]
    [InlineData("postgres://u:s3cr3t@h/d b")]
    [InlineData("postgres://u:s3cr3t@h\\evil/db")]
    [InlineData("postgres://u:s3cr3t\n@h/db")]
    [InlineData("postgres://u:s3cr3t%zz@h/db")]
    [InlineData("postgres://u:s3cr3t%4@h/db")]
    [InlineData("postgres://u:s3cr3t%00@h/db")]
    [InlineData("postgres://u:s3cr3t%C3@h/db")]
    [InlineData("postgres://u:s3cr3t@h/db?options=-c%20search_path%3Devil")]
    [InlineData("postgres://u:s3cr3t@h/db?host=elsewhere")]
    [InlineData("postgres://u:s3cr3t@h/db?sslmode=bogus")]
    [InlineData("postgres://u:s3cr3t@h/db?sslmode=require&sslmode=disable")]
    [InlineData("postgres://u:s3cr3t@h/db?sslmode")]
    [InlineData("postgres://u:s3cr3t@h/db?=x")]
    [InlineData("postgres://u:s3cr3t@h/db?sslmode=require&")]
    [InlineData("postgres://u:s3cr3t@h/db?connect_timeout=-1")]
    [InlineData("postgres://u:s3cr3t@h/db?application_name=%0a")]
    [InlineData("postgres://u:s3cr3t@h/caf\u00e9")]
    [InlineData("mysql://u:s3cr3t@h/db")]
    [InlineData("postgres:/u:s3cr3t@h/db")]
    [InlineData("postgres:u:s3cr3t@h/db")]
    public void FromUri_HostileUri_Refused_WithoutRepeatingThePassword(string uri)
    {
        var error = Assert.Throws<ArgumentException>(() => PostgresConnectionString.FromUri(uri));
        Assert.DoesNotContain("s3cr3t", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("The PostgreSQL URI ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromUri_TooLong_Refused()
    {
        Assert.Throws<ArgumentException>(() => PostgresConnectionString.FromUri("postgres://h/" + new string('d', 5000)));
    }

    [Fact]
    public void Normalize_FullUri_EveryPartDecoded()
    {
        var builder = Parse("postgresql://alice:p%40ss%3Bw%C3%B6rd@db.example.com:6543/votes%2D2026?sslmode=verify-full&application_name=dao%20tool&connect_timeout=7&sslrootcert=%2Fetc%2Fca.pem");
        Assert.Equal("db.example.com", builder.Host);
        Assert.Equal(6543, builder.Port);
        Assert.Equal("alice", builder.Username);
        Assert.Equal("p@ss;w\u00f6rd", builder.Password);
        Assert.Equal("votes-2026", builder.Database);
        Assert.Equal(SslMode.VerifyFull, builder.SslMode);
        Assert.Equal("dao tool", builder.ApplicationName);
        Assert.Equal(7, builder.Timeout);
        Assert.Equal("/etc/ca.pem", builder.RootCertificate);
    }

    [Theory]
    [InlineData("postgres://127.0.0.1/db", "127.0.0.1", 5432, null, "db")]
    [InlineData("POSTGRES://u@[::1]:5433", "::1", 5433, "u", null)]
    [InlineData("postgresql://u@db_1", "db_1", 5432, "u", null)]
    [InlineData("postgres://h/", "h", 5432, null, null)]
    public void Normalize_MinimalUris(string uri, string host, int port, string? user, string? database)
    {
        var builder = Parse(uri);
        Assert.Equal(host, builder.Host);
        Assert.Equal(port, builder.Port);
        Assert.Equal(user, builder.Username);
        Assert.Equal(database, builder.Database);
        Assert.Null(builder.Password);
    }

    [Fact]
    public void Normalize_PasswordHoldingKeyValueSyntax_StaysOneValue()
    {
        var builder = Parse("postgres://u:x%3BHost%3Devil%3BPort%3D1@good:5432/db");
        Assert.Equal("good", builder.Host);
        Assert.Equal(5432, builder.Port);
        Assert.Equal("x;Host=evil;Port=1", builder.Password);
    }

    [Fact]
    public void Normalize_KeyValueString_Unchanged()
    {
        Assert.Equal("Host=h;Database=d", PostgresConnectionString.Normalize("Host=h;Database=d"));
    }

    [Theory]
    [InlineData("postgres://h/db", true)]
    [InlineData("PostgreSQL://h/db", true)]
    [InlineData("Host=h;Database=d", true)]
    [InlineData("Username=u; host = h", true)]
    [InlineData("Server=h", true)]
    [InlineData("claims.db", false)]
    [InlineData("/var/lib/dao/claims.db", false)]
    [InlineData("./Host.db", false)]
    [InlineData("data=1.db", false)]
    [InlineData("localhost", false)]
    public void IsPostgreSql(string store, bool expected)
    {
        Assert.Equal(expected, EligibilityStoreFactory.IsPostgreSql(store));
    }

    [Fact]
    public async Task Open_FileOrConnectionString_RightStore_MalformedRefused()
    {
        string dir = Directory.CreateTempSubdirectory("did-sdk-factory-").FullName;
        try
        {
            Assert.IsType<SqliteEligibilityStore>(EligibilityStoreFactory.Open(Path.Combine(dir, "claims.db")));
            await using (var store = Assert.IsType<PostgresEligibilityStore>(EligibilityStoreFactory.Open("Host=127.0.0.1;Database=d")))
            {
            }

            await using (var store = Assert.IsType<PostgresEligibilityStore>(EligibilityStoreFactory.Open("postgresql://u:pw@127.0.0.1/d")))
            {
            }

            Assert.Throws<ArgumentException>(() => EligibilityStoreFactory.Open("postgres:/127.0.0.1/d"));
            var unknownKey = Assert.Throws<ArgumentException>(() => EligibilityStoreFactory.Open("Host=h;Password=s3cr3t;NoSuchKey=1"));
            Assert.DoesNotContain("s3cr3t", unknownKey.Message, StringComparison.Ordinal);
            var badValue = Assert.Throws<ArgumentException>(() => EligibilityStoreFactory.Open("Host=h;Port=s3cr3t"));
            Assert.DoesNotContain("s3cr3t", badValue.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static NpgsqlConnectionStringBuilder Parse(string uri) => new(PostgresConnectionString.Normalize(uri));
}
