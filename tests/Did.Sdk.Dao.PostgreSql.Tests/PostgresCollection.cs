namespace Did.Sdk.Dao.PostgreSql.Tests;

/// <summary>The test classes sharing one PostgreSQL server (each test makes its own database).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
