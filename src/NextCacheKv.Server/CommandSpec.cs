namespace NextCacheKv.Server;

/// <summary>A command handler: parses its arguments, calls the store, writes one reply.</summary>
public delegate ValueTask CommandHandler(CommandContext context);

/// <summary>One row of the command table: name, Redis arity (negative = at least), flags, key positions, handler.</summary>
public sealed record CommandSpec(
    string Name,
    int Arity,
    CommandFlags Flags,
    int FirstKey,
    int LastKey,
    int KeyStep,
    CommandHandler Handler)
{
    public bool ArityMatches(int count) => Arity >= 0 ? count == Arity : count >= -Arity;

    public IReadOnlyList<string> FlagNames
    {
        get
        {
            var names = new List<string>();
            if (Flags.HasFlag(CommandFlags.Write)) names.Add("write");
            if (Flags.HasFlag(CommandFlags.ReadOnly)) names.Add("readonly");
            if (Flags.HasFlag(CommandFlags.Admin)) names.Add("admin");
            if (Flags.HasFlag(CommandFlags.NoAuth)) names.Add("no_auth");
            if (Flags.HasFlag(CommandFlags.Loading)) names.Add("loading");
            if (Flags.HasFlag(CommandFlags.Stale)) names.Add("stale");
            if (Flags.HasFlag(CommandFlags.Fast)) names.Add("fast");
            if (Flags.HasFlag(CommandFlags.NoMulti)) names.Add("no_multi");
            return names;
        }
    }
}
