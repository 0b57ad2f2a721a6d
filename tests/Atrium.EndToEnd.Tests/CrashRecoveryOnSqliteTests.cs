using Atrium.EndToEnd.Tests.Infrastructure;

namespace Atrium.EndToEnd.Tests;

/// <summary><see cref="CrashRecoveryTests"/> with every service on its SQLite file.</summary>
[Collection(StormCollection.Name)]
public sealed class CrashRecoveryOnSqliteTests : CrashRecoveryTests;
