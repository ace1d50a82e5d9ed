namespace NextCacheKv.Server.Scripting;

/// <summary>Redis 7's texts for scripting errors raised outside the script itself.</summary>
internal static class ScriptErrors
{
    public const string NoScript = "NOSCRIPT No matching script. Please use EVAL.";
    public const string NumKeysTooLarge = "ERR Number of keys can't be greater than number of args";
    public const string NumKeysNegative = "ERR Number of keys can't be negative";
    public const string FlushOption = "ERR SCRIPT FLUSH only support SYNC|ASYNC option";
    public const string FunctionFlushOption = "ERR FUNCTION FLUSH only supports SYNC|ASYNC option";
    public const string NotBusy = "NOTBUSY No scripts in execution right now.";
}
