namespace NextCacheKv.Protocol;

/// <summary>
/// Splits an inline request line into arguments exactly like Redis's sdssplitargs: whitespace separated words,
/// "double quoted" strings with C-like escapes (\n \r \t \b \a \\ \" \xHH), 'single quoted' strings where only
/// \' is an escape, and a closing quote that must be followed by whitespace or the end of the line.
/// </summary>
internal static class InlineArgumentSplitter
{
    /// <summary>
    /// Adds the arguments of <paramref name="line"/> to <paramref name="request"/>. Words without quotes point into
    /// the line; quoted words are unescaped into <paramref name="unescaped"/>, which must be at least as long as the
    /// line (unescaping never produces more bytes than it reads).
    /// </summary>
    public static bool TrySplit(
        ReadOnlyMemory<byte> line,
        Memory<byte> unescaped,
        RespRequest request,
        int maxArguments,
        out string? error)
    {
        ReadOnlySpan<byte> text = line.Span;
        Span<byte> output = unescaped.Span;
        int written = 0;
        int index = 0;
        while (true)
        {
            while (index < text.Length && CharClass.IsSpace(text[index]))
            {
                index++;
            }

            if (index == text.Length)
            {
                error = null;
                return true;
            }

            if (request.ParsedCount == maxArguments)
            {
                error = ProtocolErrors.TooManyArguments;
                return false;
            }

            int start = index;
            while (index < text.Length && !EndsWord(text[index]) && !IsQuote(text[index]))
            {
                index++;
            }

            if (index == text.Length || EndsWord(text[index]))
            {
                request.AddArgument(line[start..index]);
                continue;
            }

            // A quote opens in the middle or at the start of a word: the word so far is its prefix.
            int wordStart = written;
            text[start..index].CopyTo(output[written..]);
            written += index - start;
            bool closed = text[index] == (byte)'"'
                ? TryReadDoubleQuoted(text, ref index, output, ref written)
                : TryReadSingleQuoted(text, ref index, output, ref written);
            if (!closed)
            {
                error = ProtocolErrors.UnbalancedQuotes;
                return false;
            }

            request.AddArgument(unescaped[wordStart..written]);
        }
    }

    /// <summary>Reads from the opening '"' at <paramref name="index"/> through the closing one.</summary>
    private static bool TryReadDoubleQuoted(ReadOnlySpan<byte> text, ref int index, Span<byte> output, ref int written)
    {
        int position = index + 1;
        while (position < text.Length)
        {
            byte current = text[position];
            if (current == (byte)'\\'
                && position + 3 < text.Length
                && text[position + 1] == (byte)'x'
                && CharClass.IsHexDigit(text[position + 2])
                && CharClass.IsHexDigit(text[position + 3]))
            {
                output[written++] = (byte)((CharClass.HexValue(text[position + 2]) << 4) | CharClass.HexValue(text[position + 3]));
                position += 4;
            }
            else if (current == (byte)'\\' && position + 1 < text.Length)
            {
                output[written++] = Unescape(text[position + 1]);
                position += 2;
            }
            else if (current == (byte)'"')
            {
                return TryClose(text, position, ref index);
            }
            else
            {
                // Includes a backslash that ends the line: Redis keeps it, then finds the quote unterminated.
                output[written++] = current;
                position++;
            }
        }

        return false;
    }

    /// <summary>Reads from the opening '\'' at <paramref name="index"/> through the closing one.</summary>
    private static bool TryReadSingleQuoted(ReadOnlySpan<byte> text, ref int index, Span<byte> output, ref int written)
    {
        int position = index + 1;
        while (position < text.Length)
        {
            byte current = text[position];
            if (current == (byte)'\\' && position + 1 < text.Length && text[position + 1] == (byte)'\'')
            {
                output[written++] = (byte)'\'';
                position += 2;
            }
            else if (current == (byte)'\'')
            {
                return TryClose(text, position, ref index);
            }
            else
            {
                output[written++] = current;
                position++;
            }
        }

        return false;
    }

    /// <summary>A closing quote must be followed by whitespace or the end of the line.</summary>
    private static bool TryClose(ReadOnlySpan<byte> text, int quotePosition, ref int index)
    {
        int next = quotePosition + 1;
        if (next < text.Length && !CharClass.IsSpace(text[next]))
        {
            return false;
        }

        index = next;
        return true;
    }

    private static byte Unescape(byte escaped) => escaped switch
    {
        (byte)'n' => (byte)'\n',
        (byte)'r' => (byte)'\r',
        (byte)'t' => (byte)'\t',
        (byte)'b' => (byte)'\b',
        (byte)'a' => (byte)'\a',
        _ => escaped,
    };

    /// <summary>Bytes that end an unquoted word. Narrower than isspace: sdssplitargs keeps \v and \f inside words.</summary>
    private static bool EndsWord(byte value) =>
        value is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t';

    private static bool IsQuote(byte value) => value is (byte)'"' or (byte)'\'';
}
