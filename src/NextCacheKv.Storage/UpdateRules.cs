using System.Buffers.Binary;

namespace NextCacheKv.Storage;

/// <summary>
/// The Redis semantics of every read-modify-write, independent of FASTER: given the input and the
/// current value (empty when the key is absent or expired) decide what happens, then build the new value.
/// Deciding twice gives the same answer, so FASTER may retry freely.
/// </summary>
internal static class UpdateRules
{
    /// <summary>Reads <paramref name="clock"/> (through the input, see <see cref="StoreInput.NowOf"/>) only for the decisions that need the time.</summary>
    public static UpdatePlan Decide(Span<byte> input, ReadOnlySpan<byte> old, bool exists, in ValueLimits limits, StoreClock clock, ref StoreOutput output)
    {
        var flags = StoreInput.Flags(input);
        var oldKind = exists ? ValueHeader.Kind(old) : ValueKind.None;
        bool oldChunked = exists && ValueHeader.IsChunked(old);
        output.Status = OpStatus.Ok;
        output.Kind = oldKind;
        output.Integer = 0;
        switch (StoreInput.Op(input))
        {
            case StoreOp.Set:
            {
                if ((flags & StoreFlags.ReturnOld) != 0 && exists && oldKind != ValueKind.String) return Fail(ref output, OpStatus.WrongType);
                output.Integer = exists ? 1 : 0;
                if ((flags & StoreFlags.IfMissing) != 0 && exists) return Fail(ref output, OpStatus.NotPerformed);
                if ((flags & StoreFlags.IfExists) != 0 && !exists) return Fail(ref output, OpStatus.NotPerformed);
                long expiresAt = StoreInput.Arg1(input);
                if (expiresAt != 0 && expiresAt <= StoreInput.NowOf(input, clock)) return exists ? UpdatePlan.Delete : UpdatePlan.Keep;
                return UpdatePlan.Write(ValueHeader.Size + StoreInput.PayloadLength(input));
            }
            case StoreOp.SetRecord:
                if ((flags & StoreFlags.IfMissing) != 0 && exists) return Fail(ref output, OpStatus.NotPerformed);
                return UpdatePlan.Write(StoreInput.Payload(input).Length);
            case StoreOp.IncrBy:
            {
                if (oldChunked) return Fail(ref output, oldKind == ValueKind.String ? OpStatus.NotInteger : OpStatus.WrongType);
                if (!TryReadInteger(old, exists, ref output, out long current)) return UpdatePlan.Keep;
                long delta = StoreInput.Arg1(input);
                if ((delta > 0 && current > long.MaxValue - delta) || (delta < 0 && current < long.MinValue - delta))
                    return Fail(ref output, OpStatus.Overflow);
                output.Integer = current + delta;
                return UpdatePlan.Write(ValueHeader.Size + DigitCount(output.Integer));
            }
            case StoreOp.IncrByFloat:
            {
                if (exists && oldKind != ValueKind.String) return Fail(ref output, OpStatus.WrongType);
                if (!TryAddFloat(input, old, exists, out string? text, out var failure)) return Fail(ref output, failure);
                return UpdatePlan.Write(ValueHeader.Size + text!.Length);
            }
            case StoreOp.Append:
            {
                if (exists && oldKind != ValueKind.String) return Fail(ref output, OpStatus.WrongType);
                if (oldChunked) return Fail(ref output, OpStatus.NeedsRewrite);
                long length = (exists ? old.Length - ValueHeader.Size : 0) + StoreInput.Payload(input).Length;
                if (length > limits.MaxValueBytes) return Fail(ref output, OpStatus.TooLarge);
                if (length > limits.MaxInlineBytes) return Fail(ref output, OpStatus.NeedsRewrite);
                output.Integer = length;
                return UpdatePlan.Write(ValueHeader.Size + (int)length);
            }
            case StoreOp.SetRange:
            {
                if (exists && oldKind != ValueKind.String) return Fail(ref output, OpStatus.WrongType);
                if (oldChunked) return Fail(ref output, OpStatus.NeedsRewrite);
                int oldLength = exists ? old.Length - ValueHeader.Size : 0;
                var payload = StoreInput.Payload(input);
                output.Integer = oldLength;
                if (payload.IsEmpty) return UpdatePlan.Keep;
                long length = Math.Max(oldLength, StoreInput.Arg1(input) + payload.Length);
                if (length > limits.MaxValueBytes) return Fail(ref output, OpStatus.TooLarge);
                if (length > limits.MaxInlineBytes) return Fail(ref output, OpStatus.NeedsRewrite);
                output.Integer = length;
                return UpdatePlan.Write(ValueHeader.Size + (int)length);
            }
            case StoreOp.Delete:
                if (!exists) return Fail(ref output, OpStatus.NotFound);
                if ((flags & StoreFlags.OnlyExpired) != 0) return Fail(ref output, OpStatus.NotPerformed);
                return UpdatePlan.Delete;
            case StoreOp.GetDel:
                if (!exists) return Fail(ref output, OpStatus.NotFound);
                if (oldKind != ValueKind.String) return Fail(ref output, OpStatus.WrongType);
                return UpdatePlan.Delete;
            case StoreOp.GetEx:
            {
                if (!exists) return Fail(ref output, OpStatus.NotFound);
                if (oldKind != ValueKind.String) return Fail(ref output, OpStatus.WrongType);
                long mode = StoreInput.Arg2(input);
                // The expiry before the change: GETEX PERSIST only notifies when there was one.
                output.Integer = ValueHeader.ExpiresAt(old);
                if (mode == 0) return UpdatePlan.Keep;
                long expiresAt = mode == 2 ? 0 : StoreInput.Arg1(input);
                if (expiresAt != 0 && expiresAt <= StoreInput.NowOf(input, clock)) return UpdatePlan.Delete;
                return UpdatePlan.Write(old.Length);
            }
            case StoreOp.Expire:
            {
                if (!exists) return Fail(ref output, OpStatus.NotFound);
                long current = ValueHeader.ExpiresAt(old);
                long wanted = StoreInput.Arg1(input);
                // A Next.js entry's TTL only shrinks: its end, set by NEXTSET within the maximum entry
                // lifetime, is what lets tag records of that age be dropped safely.
                if (oldKind == ValueKind.NextEntry && wanted > StoreInput.NowOf(input, clock) && (current == 0 || wanted > current)) return Fail(ref output, OpStatus.NotPerformed);
                bool conditionMet = flags switch
                {
                    StoreFlags.IfMissing => current == 0,
                    StoreFlags.IfExists => current != 0,
                    StoreFlags.IfGreater => current != 0 && wanted > current,
                    StoreFlags.IfLess => current == 0 || wanted < current,
                    StoreFlags.IfLess | StoreFlags.IfExists => current != 0 && wanted < current,
                    _ => true,
                };
                if (!conditionMet) return Fail(ref output, OpStatus.NotPerformed);
                if (wanted <= StoreInput.NowOf(input, clock)) return UpdatePlan.Delete;
                return UpdatePlan.Write(old.Length);
            }
            case StoreOp.Persist:
                if (!exists) return Fail(ref output, OpStatus.NotFound);
                if (oldKind == ValueKind.NextEntry) return Fail(ref output, OpStatus.NotPerformed);
                if (ValueHeader.ExpiresAt(old) == 0) return Fail(ref output, OpStatus.NotPerformed);
                return UpdatePlan.Write(old.Length);
            case StoreOp.Relocate:
                return exists ? UpdatePlan.Write(old.Length) : Fail(ref output, OpStatus.NotFound);
            case StoreOp.ReclaimEntry:
                // Only the entry that was found dead: a newer one written since has another timestamp.
                if (!exists || oldKind != ValueKind.NextEntry) return Fail(ref output, OpStatus.NotFound);
                if (BitConverter.DoubleToInt64Bits(NextEntryFormat.TimestampOf(old)) != StoreInput.Arg1(input)) return Fail(ref output, OpStatus.NotPerformed);
                return UpdatePlan.Delete;
            case StoreOp.CreateObject:
                if (exists) return Fail(ref output, OpStatus.NotPerformed);
                return UpdatePlan.Write(ObjectStub.Size);
            default:
                throw new InvalidOperationException($"Not a read-modify-write: {StoreInput.Op(input)}");
        }
    }

    /// <summary>Writes the new value chosen by <see cref="Decide"/> into <paramref name="destination"/>.</summary>
    public static void Build(ReadOnlySpan<byte> input, ReadOnlySpan<byte> old, bool exists, Span<byte> destination, in StoreOutput decided)
    {
        var flags = StoreInput.Flags(input);
        long keptExpiry = exists ? ValueHeader.ExpiresAt(old) : 0;
        var body = destination[ValueHeader.Size..];
        switch (StoreInput.Op(input))
        {
            case StoreOp.Set:
            {
                // Arg2 carries the layout in its low byte and the type in the next one (0 = string).
                long shape = StoreInput.Arg2(input);
                var kind = (shape >> 8) == 0 ? ValueKind.String : (ValueKind)(shape >> 8);
                ValueHeader.Write(destination, kind, (flags & StoreFlags.KeepTtl) != 0 ? keptExpiry : StoreInput.Arg1(input),
                    (shape & 0xFF) == (long)ValueLayout.Chunked ? ValueLayout.Chunked : ValueLayout.Inline);
                StoreInput.CopyPayloadTo(input, body);
                break;
            }
            case StoreOp.SetRecord:
                StoreInput.Payload(input).CopyTo(destination);
                break;
            case StoreOp.IncrBy:
                ValueHeader.Write(destination, ValueKind.String, keptExpiry);
                StringMath.FormatInt64(decided.Integer, body);
                break;
            case StoreOp.IncrByFloat:
            {
                TryAddFloat(input, old, exists, out string? text, out _);
                ValueHeader.Write(destination, ValueKind.String, keptExpiry);
                System.Text.Encoding.ASCII.GetBytes(text!, body);
                break;
            }
            case StoreOp.Append:
                ValueHeader.Write(destination, ValueKind.String, keptExpiry);
                if (exists) ValueHeader.Payload(old).CopyTo(body);
                StoreInput.Payload(input).CopyTo(body[(exists ? old.Length - ValueHeader.Size : 0)..]);
                break;
            case StoreOp.SetRange:
            {
                ValueHeader.Write(destination, ValueKind.String, keptExpiry);
                int oldLength = exists ? old.Length - ValueHeader.Size : 0;
                if (exists && !old.Overlaps(destination)) ValueHeader.Payload(old).CopyTo(body);
                int offset = (int)StoreInput.Arg1(input);
                if (offset > oldLength) body[oldLength..offset].Clear();
                StoreInput.Payload(input).CopyTo(body[offset..]);
                break;
            }
            case StoreOp.Relocate:
                if (!old.Overlaps(destination)) old.CopyTo(destination);
                break;
            case StoreOp.CreateObject:
                ValueHeader.Write(destination, (ValueKind)StoreInput.Arg2(input), 0);
                ObjectStub.WriteId(destination, StoreInput.Arg1(input));
                break;
            case StoreOp.GetEx:
            case StoreOp.Expire:
            case StoreOp.Persist:
            {
                if (!old.Overlaps(destination)) old.CopyTo(destination);
                long expiresAt = StoreInput.Op(input) switch
                {
                    StoreOp.Persist => 0,
                    StoreOp.GetEx when StoreInput.Arg2(input) == 2 => 0,
                    _ => StoreInput.Arg1(input),
                };
                ValueHeader.SetExpiresAt(destination, expiresAt);
                break;
            }
            default:
                throw new InvalidOperationException($"Nothing to build for {StoreInput.Op(input)}");
        }
    }

    /// <summary>Operations whose write replaces the value's bytes (others only change its header).</summary>
    public static bool ReplacesValue(ReadOnlySpan<byte> input) => StoreInput.Op(input) is not (StoreOp.GetEx or StoreOp.Expire or StoreOp.Persist or StoreOp.Relocate);

    /// <summary>True when the reply carries a value the sink must receive (the old one or the new one).</summary>
    public static bool SinksOldValue(ReadOnlySpan<byte> input) => StoreInput.Op(input) switch
    {
        StoreOp.Set => (StoreInput.Flags(input) & StoreFlags.ReturnOld) != 0,
        StoreOp.GetDel or StoreOp.GetEx => true,
        _ => false,
    };

    public static bool SinksNewValue(ReadOnlySpan<byte> input) => StoreInput.Op(input) == StoreOp.IncrByFloat;

    /// <summary>INCRBYFLOAT: the stored text plus the increment text (the payload), in long double arithmetic.</summary>
    private static bool TryAddFloat(ReadOnlySpan<byte> input, ReadOnlySpan<byte> old, bool exists, out string? text, out OpStatus failure)
    {
        text = null;
        failure = OpStatus.NotFloat;
        var current = default(LongDouble);
        if (exists && (ValueHeader.IsChunked(old) || !LongDouble.TryParse(ValueHeader.Payload(old), out current))) return false;
        if (!LongDouble.TryParse(StoreInput.Payload(input), out var increment)) return false;
        var sum = current + increment;
        if (sum.IsInfinity)
        {
            failure = OpStatus.NanOrInfinity;
            return false;
        }
        text = sum.ToHumanString();
        return true;
    }

    private static bool TryReadInteger(ReadOnlySpan<byte> old, bool exists, ref StoreOutput output, out long value)
    {
        value = 0;
        if (!exists) return true;
        if (ValueHeader.Kind(old) != ValueKind.String) { Fail(ref output, OpStatus.WrongType); return false; }
        if (!StringMath.TryParseInt64(ValueHeader.Payload(old), out value)) { Fail(ref output, OpStatus.NotInteger); return false; }
        return true;
    }

    private static UpdatePlan Fail(ref StoreOutput output, OpStatus status)
    {
        output.Status = status;
        return UpdatePlan.Keep;
    }

    private static int DigitCount(long value)
    {
        Span<byte> digits = stackalloc byte[StringMath.MaxInt64Digits + 1];
        return StringMath.FormatInt64(value, digits);
    }

    internal static long ReadLong(ReadOnlySpan<byte> span) => BinaryPrimitives.ReadInt64LittleEndian(span);
}
