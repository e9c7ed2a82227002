using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Unicode;
using Spate.Columnar;
using Spate.Sql.Types;

namespace Spate.Expressions.Json;

/// <summary>
/// The fast path for the common record: one flat JSON object of strict syntax whose schema fields are all strings,
/// booleans or numbers. One hand-written pass checks the expected next field first, converts the schema's fields as
/// it meets them, and validates but never converts the other fields. Anything unusual (escapes in a wanted string,
/// nested values, duplicate keys, a value that does not convert, lenient syntax, trailing text, invalid UTF-8)
/// returns false with nothing appended, and the caller runs the general parser, which has Spark's full semantics.
/// </summary>
internal sealed class JsonFlatRecordParser
{
    private enum Kind : byte { String, Boolean, Byte, Short, Int, Long, Float, Double }

    private static readonly double[] Pow10 =
    {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };

    private readonly Kind[] _kinds;
    private readonly byte[][] _names;
    private readonly Utf8FieldLookup _lookup;
    // One staging slot per schema field, for the record being parsed (one array: one bounds check per access).
    private struct Slot
    {
        public int Stamp; // == _generation: the field was seen in this record
        public bool IsNull;
        public int Start, Length;
        public long Integer;
        public double Floating;
    }

    private readonly Slot[] _slots;
    private int _generation;
    private const int MaxLayout = 256;
    private byte[]?[] _layoutNames = new byte[]?[8];
    private int[] _layoutIndex = new int[8];
    // Where each value of the record just parsed started and ended, and its field: what a template is learned from.
    private readonly int[] _valueStart = new int[JsonRecordTemplate.MaxValues];
    private readonly int[] _valueEnd = new int[JsonRecordTemplate.MaxValues];
    private readonly int[] _valueField = new int[JsonRecordTemplate.MaxValues];
    private readonly JsonRecordTemplate _template = new();

    /// <summary>How many records the learned template parsed (the rest took the flat or the general path).</summary>
    public long TemplateRecords { get; private set; }

    private JsonFlatRecordParser(StructType schema, Kind[] kinds)
    {
        _kinds = kinds;
        _names = schema.Fields.Select(f => System.Text.Encoding.UTF8.GetBytes(f.Name)).ToArray();
        _lookup = new Utf8FieldLookup(schema.Fields.Select(f => f.Name).ToList());
        int n = kinds.Length;
        _slots = new Slot[n];
    }

    /// <summary>A parser for <paramref name="schema"/>, or null when a field's type or a repeated field name needs
    /// the general parser for every record.</summary>
    public static JsonFlatRecordParser? TryCreate(StructType schema)
    {
        var kinds = new Kind[schema.Fields.Count];
        for (int i = 0; i < kinds.Length; i++)
        {
            Kind? k = schema.Fields[i].DataType switch
            {
                StringType => Kind.String,
                BooleanType => Kind.Boolean,
                ByteType => Kind.Byte,
                ShortType => Kind.Short,
                IntegerType => Kind.Int,
                LongType => Kind.Long,
                FloatType => Kind.Float,
                DoubleType => Kind.Double,
                _ => null,
            };
            if (k == null) return null;
            kinds[i] = k.Value;
        }
        if (schema.Fields.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count() != kinds.Length) return null;
        return new JsonFlatRecordParser(schema, kinds);
    }

    /// <summary>Parses <paramref name="json"/> and appends one value per field to <paramref name="targets"/>; false
    /// (nothing appended) when the record needs the general parser. When <paramref name="viewBase"/> is not negative,
    /// <paramref name="json"/> starts at that position of the buffer the string targets view, and strings are appended
    /// as views instead of copies.</summary>
    public bool TryParse(ReadOnlySpan<byte> json, ColumnVector[] targets, int viewBase = -1) => TryParse(json, targets, viewBase, applyKeep: false, out _);

    /// <summary><see cref="TryParse(ReadOnlySpan{byte}, ColumnVector[], int)"/>, except that a record failing the
    /// conditions given to <see cref="KeepOnly"/> is parsed but not appended (<paramref name="kept"/> false).</summary>
    public bool TryParse(ReadOnlySpan<byte> json, ColumnVector[] targets, int viewBase, out bool kept) =>
        TryParse(json, targets, viewBase, applyKeep: true, out kept);

    private bool TryParse(ReadOnlySpan<byte> json, ColumnVector[] targets, int viewBase, bool applyKeep, out bool kept)
    {
        kept = false;
        NextGeneration();
        bool parsed = false;
        if (_template.Count > 0)
        {
            parsed = TryParseWithTemplate(json);
            if (parsed) TemplateRecords++;
            else NextGeneration();
        }
        if (!parsed && !TryParseFlat(json)) return false;
        if (applyKeep && _keep.Length > 0 && !StagedRecordKept(json)) return true;
        kept = true;
        Append(json, targets, viewBase);
        return true;
    }

    private void NextGeneration()
    {
        if (++_generation == int.MaxValue)
        {
            foreach (ref var slot in _slots.AsSpan()) slot.Stamp = 0;
            _generation = 1;
        }
    }

    // One pass over a record of any key order and spacing; learns the record's shape as the next template.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryParseFlat(ReadOnlySpan<byte> json)
    {
        int p = SkipWhitespace(json, 0);
        int values = 0;
        if (p >= json.Length || json[p] != '{') return false;
        p = SkipWhitespace(json, p + 1);
        if (p >= json.Length) return false;
        if (json[p] == '}') p++;
        else
        {
            int hint = 0, position = 0;
            var names = _names;
            while (true)
            {
                if (json[p] != '"') return false;
                p++;
                int index;
                // The layout cache: a producer writes the same keys in the same order, so the key at this position
                // is most likely the one the previous record had here (a schema field or one to skip).
                var cached = position < _layoutNames.Length ? _layoutNames[position] : null;
                if (cached != null && json.Slice(p).StartsWith(cached))
                {
                    index = _layoutIndex[position];
                    p += cached.Length;
                }
                else
                {
                    int q = p;
                    while (q < json.Length && json[q] != '"' && json[q] != '\\') q++;
                    if (q >= json.Length || json[q] != '"') return false;
                    var name = json.Slice(p, q - p);
                    index = (uint)hint < (uint)names.Length && name.SequenceEqual(names[hint]) ? hint : _lookup.Find(name, hint);
                    if (index < 0 && name.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7F) >= 0) return false;
                    Learn(position, json.Slice(p, q + 1 - p), index);
                    p = q + 1;
                }
                position++;
                p = SkipWhitespace(json, p);
                if (p >= json.Length || json[p] != ':') return false;
                p = SkipWhitespace(json, p + 1);
                if (p >= json.Length) return false;
                int valueStart = p;
                if (index >= 0)
                {
                    if (_slots[index].Stamp == _generation) return false; // duplicate key: the general path keeps the last
                    _slots[index].Stamp = _generation;
                    p = ReadValue(json, p, index);
                    hint = index + 1;
                }
                else p = SkipValue(json, p);
                if (p < 0) return false;
                if (values < JsonRecordTemplate.MaxValues)
                {
                    _valueStart[values] = valueStart;
                    _valueEnd[values] = p;
                    _valueField[values] = index;
                }
                values++;
                p = SkipWhitespace(json, p);
                if (p >= json.Length) return false;
                if (json[p] == ',')
                {
                    p = SkipWhitespace(json, p + 1);
                    if (p >= json.Length) return false;
                    continue;
                }
                if (json[p] != '}') return false;
                p++;
                break;
            }
        }
        if (SkipWhitespace(json, p) != json.Length) return false;
        _template.Learn(json, _valueStart, _valueEnd, _valueField, values);
        return true;
    }

    // The record has the learned shape: compare the glue between values, parse only the values.
    private bool TryParseWithTemplate(ReadOnlySpan<byte> json)
    {
        int end = TemplateRecordEnd(json);
        return end >= 0 && (end == json.Length || SkipWhitespace(json, end) == json.Length);
    }

    /// <summary>
    /// Parses the record at the start of <paramref name="text"/>, a line of text and whatever follows it, when it has
    /// the learned shape and its line ends right after it (spaces or tabs, then <c>\n</c>, <c>\r\n</c> or <c>\r</c>):
    /// appends it like <see cref="TryParse(ReadOnlySpan{byte}, ColumnVector[], int)"/> and returns the bytes consumed, line end included. Otherwise -1 and
    /// nothing appended: the caller cuts the line itself and parses it with <see cref="TryParse(ReadOnlySpan{byte}, ColumnVector[], int)"/> or the general
    /// parser. A scan that parses lines in place needs no separate search for line ends this way.
    /// </summary>
    public int TryParseLine(ReadOnlySpan<byte> text, ColumnVector[] targets, int viewBase) => TryParseLine(text, targets, viewBase, out _);

    /// <summary><see cref="TryParseLine(ReadOnlySpan{byte}, ColumnVector[], int)"/>, except that a record that fails
    /// the conditions given to <see cref="KeepOnly"/> is consumed without being appended (<paramref name="kept"/> false).</summary>
    public int TryParseLine(ReadOnlySpan<byte> text, ColumnVector[] targets, int viewBase, out bool kept)
    {
        kept = false;
        if (_template.Count == 0) return -1;
        NextGeneration();
        int p = TemplateRecordEnd(text);
        if (p < 0) return -1;
        while (p < text.Length && (text[p] == ' ' || text[p] == '\t')) p++;
        if (p >= text.Length) return -1; // the line may go on in the next read
        if (text[p] == '\n') p++;
        else if (text[p] == '\r')
        {
            if (++p >= text.Length) return -1; // a \n may follow in the next read
            if (text[p] == '\n') p++;
        }
        else return -1;
        TemplateRecords++;
        if (_keep.Length > 0 && !StagedRecordKept(text)) return p;
        kept = true;
        Append(text, targets, viewBase);
        return p;
    }

    // Conditions `field = constant` from a filter above the parse: a record failing one would be dropped by that
    // filter anyway (a missing or null field too), so TryParseLine need not append it.
    private (int Field, long Integral, byte[]? Utf8)[] _keep = Array.Empty<(int, long, byte[]?)>();

    /// <summary>Tells <see cref="TryParseLine(ReadOnlySpan{byte}, ColumnVector[], int, out bool)"/> that the caller
    /// keeps only records where each given field equals its value (an integral or boolean field and a long, or a
    /// string field and its UTF-8 bytes); the caller's own filter still decides every other record.</summary>
    public void KeepOnly(IReadOnlyList<(int Field, long Integral, byte[]? Utf8)> conditions) => _keep = conditions.ToArray();

    /// <summary>True when field <paramref name="field"/> can take an equality condition in <see cref="KeepOnly"/>:
    /// integral and boolean fields (with a long), string fields (with UTF-8 bytes).</summary>
    public bool CanKeepOnly(int field) => _kinds[field] is Kind.String or Kind.Boolean or Kind.Byte or Kind.Short or Kind.Int or Kind.Long;

    private bool StagedRecordKept(ReadOnlySpan<byte> text)
    {
        foreach (var (field, integral, utf8) in _keep)
        {
            ref var slot = ref _slots[field];
            if (slot.Stamp != _generation || slot.IsNull) return false;
            if (utf8 != null ? !text.Slice(slot.Start, slot.Length).SequenceEqual(utf8) : slot.Integer != integral) return false;
        }
        return true;
    }

    // Where the record ends (after its closing brace) when it has the learned shape, else -1.
    private int TemplateRecordEnd(ReadOnlySpan<byte> json)
    {
        var t = _template;
        var glue = t.Glue;
        var field = t.Field;
        var kinds = _kinds;
        int p = 0;
        for (int k = 0; k < t.Count; k++)
        {
            var g = glue[k];
            if (!json.Slice(p).StartsWith(g)) return -1;
            p += g.Length;
            if (p >= json.Length) return -1;
            int index = field[k];
            if (index < 0)
            {
                // Not in the schema: numbers (the usual case) are only scanned.
                p = (uint)(json[p] - '0') <= 9 || json[p] == '-' ? ScanNumberFast(json, p, out _) : SkipValue(json, p);
            }
            else
            {
                ref var slot = ref _slots[index];
                slot.Stamp = _generation;
                var kind = kinds[index];
                if (kind == Kind.String && json[p] == '"')
                {
                    int end = ScanString(json, p + 1, allowEscapes: false);
                    if (end < 0) return -1;
                    slot.IsNull = false;
                    slot.Start = p + 1;
                    slot.Length = end - p - 1;
                    p = end + 1;
                    continue;
                }
                if (kind == Kind.Int)
                {
                    int end = ReadSmallInt(json, p, ref slot);
                    if (end >= 0) { p = end; continue; }
                }
                p = ReadValue(json, p, index);
            }
            if (p < 0) return -1;
        }
        var tail = t.Tail;
        if (!json.Slice(p).StartsWith(tail)) return -1;
        return p + tail.Length;
    }

    // An int of at most 9 digits (it cannot overflow) in strict JSON syntax, staged for field `index`: the position
    // after it, or -1 for anything else (a fraction, an exponent, more digits, null), which ReadValue then decides.
    private static int ReadSmallInt(ReadOnlySpan<byte> json, int p, ref Slot slot)
    {
        int n = json.Length, q = p;
        bool negative = json[q] == '-';
        if (negative) q++;
        int first = q;
        int v = 0;
        while (q < n && (uint)(json[q] - '0') <= 9 && q - first < 10)
        {
            v = v * 10 + (json[q] - '0');
            q++;
        }
        int digits = q - first;
        if (digits == 0 || digits > 9 || (digits > 1 && json[first] == '0')) return -1;
        if (q < n && (json[q] == '.' || (json[q] | 0x20) == 'e')) return -1;
        slot.IsNull = false;
        slot.Integer = negative ? -v : v;
        return q;
    }

    // Remembers the key (with its closing quote) met at a position of the record, and its field index.
    private void Learn(int position, ReadOnlySpan<byte> quotedName, int index)
    {
        if (position >= MaxLayout) return;
        if (position >= _layoutNames.Length)
        {
            Array.Resize(ref _layoutNames, Math.Min(MaxLayout, Math.Max(position + 1, _layoutNames.Length * 2)));
            Array.Resize(ref _layoutIndex, _layoutNames.Length);
        }
        var slot = _layoutNames[position];
        if (slot == null || slot.Length != quotedName.Length) _layoutNames[position] = slot = new byte[quotedName.Length];
        quotedName.CopyTo(slot);
        _layoutIndex[position] = index;
    }

    private void Append(ReadOnlySpan<byte> json, ColumnVector[] targets, int viewBase)
    {
        var kinds = _kinds;
        for (int i = 0; i < kinds.Length; i++)
        {
            var t = targets[i];
            ref var slot = ref _slots[i];
            if (slot.Stamp != _generation || slot.IsNull) { t.AppendNull(); continue; }
            switch (kinds[i])
            {
                case Kind.String:
                    if (viewBase >= 0) ((StringVector)t).AppendView(viewBase + slot.Start, slot.Length);
                    else ((StringVector)t).Append(json.Slice(slot.Start, slot.Length));
                    break;
                case Kind.Boolean: ((PrimitiveVector<bool>)t).Append(slot.Integer != 0); break;
                case Kind.Byte: ((PrimitiveVector<sbyte>)t).Append(unchecked((sbyte)slot.Integer)); break;
                case Kind.Short: ((PrimitiveVector<short>)t).Append((short)slot.Integer); break;
                case Kind.Int: ((PrimitiveVector<int>)t).Append((int)slot.Integer); break;
                case Kind.Long: ((PrimitiveVector<long>)t).Append(slot.Integer); break;
                case Kind.Float: ((PrimitiveVector<float>)t).Append((float)slot.Floating); break;
                default: ((PrimitiveVector<double>)t).Append(slot.Floating); break;
            }
        }
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> json, int p)
    {
        while (p < json.Length)
        {
            byte b = json[p];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') break;
            p++;
        }
        return p;
    }

    // Reads the value at p into field `index`'s staging slots; the position after it, or -1 for the general path.
    private int ReadValue(ReadOnlySpan<byte> json, int p, int index)
    {
        var kind = _kinds[index];
        byte b = json[p];
        _slots[index].IsNull = false;
        if (b == '"')
        {
            if (kind != Kind.String) return -1;
            int end = ScanString(json, p + 1, allowEscapes: false);
            if (end < 0) return -1;
            _slots[index].Start = p + 1;
            _slots[index].Length = end - p - 1;
            return end + 1;
        }
        if (b == '-' || (uint)(b - '0') <= 9)
        {
            if (kind is Kind.String or Kind.Boolean) return -1; // numbers become strings via the general path
            int end = ScanNumberFast(json, p, out bool integral);
            if (end < 0) return -1;
            var token = json.Slice(p, end - p);
            if (kind is Kind.Float or Kind.Double)
            {
                if (!TryParseFloating(token, integral, kind == Kind.Float, out double d)) return -1;
                _slots[index].Floating = d;
                return end;
            }
            if (!integral || !TryParseIntegral(token, out long v)) return -1;
            bool inRange = kind switch
            {
                Kind.Byte => v >= -128 && v <= 255, // Jackson's getByteValue wraps unsigned bytes, as the general path
                Kind.Short => v >= short.MinValue && v <= short.MaxValue,
                Kind.Int => v >= int.MinValue && v <= int.MaxValue,
                _ => true,
            };
            if (!inRange) return -1;
            _slots[index].Integer = v;
            return end;
        }
        if (b == 'n')
        {
            if (!json.Slice(p).StartsWith("null"u8)) return -1;
            _slots[index].IsNull = true;
            return p + 4;
        }
        if (kind != Kind.Boolean) return -1;
        if (json.Slice(p).StartsWith("true"u8)) { _slots[index].Integer = 1; return p + 4; }
        if (json.Slice(p).StartsWith("false"u8)) { _slots[index].Integer = 0; return p + 5; }
        return -1;
    }

    // Validates a value of a field outside the schema without converting it; -1 for the general path.
    private static int SkipValue(ReadOnlySpan<byte> json, int p)
    {
        byte b = json[p];
        if (b == '"')
        {
            int end = ScanString(json, p + 1, allowEscapes: true);
            return end < 0 ? -1 : end + 1;
        }
        if (b == '-' || (uint)(b - '0') <= 9) return ScanNumber(json, p, out _);
        var rest = json.Slice(p);
        if (rest.StartsWith("null"u8) || rest.StartsWith("true"u8)) return p + 4;
        if (rest.StartsWith("false"u8)) return p + 5;
        return -1; // objects, arrays, lenient tokens
    }

    // The index of the closing quote of a string whose content starts at p, or -1 when it is unterminated, holds a
    // control character or invalid UTF-8, or (unless allowed) an escape.
    private static int ScanString(ReadOnlySpan<byte> json, int p, bool allowEscapes)
    {
        // 16 bytes at a time while the text is plain printable ASCII: the first quote, backslash, control or
        // non-ASCII byte ends the search; anything but a quote takes the careful loop below from the start.
        if (Vector128.IsHardwareAccelerated)
        {
            ref byte r = ref MemoryMarshal.GetReference(json);
            var quote = Vector128.Create((byte)'"');
            var backslash = Vector128.Create((byte)'\\');
            var space = Vector128.Create((sbyte)0x20);
            for (int q = p; q + 16 <= json.Length; q += 16)
            {
                var v = Vector128.LoadUnsafe(ref r, (nuint)q);
                // Signed compare: bytes >= 0x80 are negative, so one test catches control and non-ASCII bytes.
                var stop = Vector128.Equals(v, quote) | Vector128.Equals(v, backslash) | Vector128.LessThan(v.AsSByte(), space).AsByte();
                uint mask = stop.ExtractMostSignificantBits();
                if (mask == 0) continue;
                int at = q + BitOperations.TrailingZeroCount(mask);
                if (json[at] == '"') return at;
                break;
            }
        }
        return ScanStringCarefully(json, p, allowEscapes);
    }

    private static int ScanStringCarefully(ReadOnlySpan<byte> json, int p, bool allowEscapes)
    {
        int contentStart = p;
        bool nonAscii = false;
        // Most values are short: a plain loop beats a vectorized search's setup for the first bytes.
        int scalarEnd = Math.Min(json.Length, p + 32);
        while (p < scalarEnd)
        {
            byte b = json[p];
            if (b == '"') goto Done;
            if (b == '\\')
            {
                if (!allowEscapes || !TrySkipEscape(json, ref p)) return -1;
                continue;
            }
            if (b < 0x20) return -1;
            if (b >= 0x80) nonAscii = true;
            p++;
        }
        while (true)
        {
            int q = json.Slice(p).IndexOfAny((byte)'"', (byte)'\\');
            if (q < 0) return -1;
            p += q;
            if (json[p] == '"') break;
            if (!allowEscapes || !TrySkipEscape(json, ref p)) return -1;
        }
        {
            var content = json.Slice(contentStart, p - contentStart);
            if (content.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7F) >= 0)
            {
                if (content.IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0) return -1;
                nonAscii = true;
            }
        }
    Done:
        if (nonAscii && !Utf8.IsValid(json.Slice(contentStart, p - contentStart))) return -1;
        return p;
    }

    // p is at a backslash; moves past the escape sequence when it is one of JSON's.
    private static bool TrySkipEscape(ReadOnlySpan<byte> json, ref int p)
    {
        if (p + 1 >= json.Length) return false;
        switch (json[p + 1])
        {
            case (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                p += 2;
                return true;
            case (byte)'u':
                if (p + 6 > json.Length) return false;
                for (int i = p + 2; i < p + 6; i++) if (!char.IsAsciiHexDigit((char)json[i])) return false;
                p += 6;
                return true;
            default:
                return false;
        }
    }

    // ScanNumber for the usual number, digits with at most one '.', without a loop per digit: one 16-byte compare
    // finds where the digits and dots end and bit tests check the shape. Exponents, long numbers and the end of the
    // input take ScanNumber. A number it rejects ends the record's fast parse either way (ScanNumber would stop
    // early and the next byte fail), so the two agree on every record they accept.
    private static int ScanNumberFast(ReadOnlySpan<byte> json, int p, out bool integral)
    {
        int q = json[p] == '-' ? p + 1 : p;
        if (!Vector128.IsHardwareAccelerated || q + 16 > json.Length) return ScanNumber(json, p, out integral);
        var v = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(json), (nuint)q);
        uint digits = Vector128.LessThan(v - Vector128.Create((byte)'0'), Vector128.Create((byte)10)).ExtractMostSignificantBits();
        uint dots = Vector128.Equals(v, Vector128.Create((byte)'.')).ExtractMostSignificantBits();
        int length = BitOperations.TrailingZeroCount(~(digits | dots));
        if (length >= 16) return ScanNumber(json, p, out integral);
        byte next = json[q + length];
        if ((next | 0x20) == 'e') return ScanNumber(json, p, out integral);
        dots &= (1u << length) - 1;
        integral = dots == 0;
        bool valid = (digits & 1) != 0                                  // starts with a digit
            && (dots & (dots - 1)) == 0                                 // at most one '.'
            && (dots & (1u << (length - 1))) == 0                       // not ending with '.'
            && (json[q] != '0' || length == 1 || json[q + 1] == '.');   // no leading zero
        return valid ? q + length : -1;
    }

    // Scans a strict JSON number (no leading zeros, no leading '+', no bare '.'); the position after it or -1.
    private static int ScanNumber(ReadOnlySpan<byte> json, int p, out bool integral)
    {
        integral = true;
        int n = json.Length;
        if (json[p] == '-') p++;
        if (p >= n) return -1;
        if (json[p] == '0') p++;
        else if ((uint)(json[p] - '1') <= 8) { p++; while (p < n && (uint)(json[p] - '0') <= 9) p++; }
        else return -1;
        if (p < n && json[p] == '.')
        {
            integral = false;
            p++;
            if (p >= n || (uint)(json[p] - '0') > 9) return -1;
            while (p < n && (uint)(json[p] - '0') <= 9) p++;
        }
        if (p < n && (json[p] | 0x20) == 'e')
        {
            integral = false;
            p++;
            if (p < n && (json[p] == '+' || json[p] == '-')) p++;
            if (p >= n || (uint)(json[p] - '0') > 9) return -1;
            while (p < n && (uint)(json[p] - '0') <= 9) p++;
        }
        return p;
    }

    private static bool TryParseIntegral(ReadOnlySpan<byte> token, out long value)
    {
        bool negative = token[0] == '-';
        var digits = negative ? token.Slice(1) : token;
        if (digits.Length > 18) return long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
        long v = 0;
        foreach (byte d in digits) v = v * 10 + (d - '0');
        value = negative ? -v : v;
        return true;
    }

    // Exact when the digits fit in 15 and there is no exponent (m / 10^k is then correctly rounded, as the parser
    // of the general path); otherwise the same parse as the general path.
    private static bool TryParseFloating(ReadOnlySpan<byte> token, bool integral, bool isFloat, out double value)
    {
        if (!isFloat && token.Length <= 17 && token.IndexOfAny((byte)'e', (byte)'E') < 0)
        {
            bool negative = token[0] == '-';
            long m = 0;
            int digits = 0, fraction = -1;
            for (int i = negative ? 1 : 0; i < token.Length; i++)
            {
                byte c = token[i];
                if (c == '.') { fraction = 0; continue; }
                m = m * 10 + (c - '0');
                digits++;
                if (fraction >= 0) fraction++;
            }
            if (digits <= 15)
            {
                double d = integral || fraction <= 0 ? m : m / Pow10[fraction];
                value = negative ? -d : d;
                return true;
            }
        }
        if (isFloat)
        {
            bool ok = float.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out float f);
            value = f;
            return ok;
        }
        return double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
