namespace NextCacheKv.Server.Tests.Differential;

/// <summary>Every differential script, offered to theories by name so each runs and reports separately.</summary>
public static class AllScripts
{
    private static readonly Dictionary<string, DifferentialScript> ByName =
        StringScripts.All
            .Concat(CounterScripts.All)
            .Concat(KeyScripts.All)
            .Concat(KeyspaceScripts.All)
            .Concat(ErrorScripts.All)
            .ToDictionary(script => script.Name);

    public static TheoryData<string> Names => [.. ByName.Keys];

    public static DifferentialScript Get(string name) => ByName[name];
}
