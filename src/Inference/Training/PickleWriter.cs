using System.Buffers.Binary;
using System.Text;

namespace ResNeXt.Inference.Training;

/// <summary>
/// The handful of pickle protocol 2 opcodes a PyTorch checkpoint needs (Python's Lib/pickletools.py documents each).
/// No memo: every object is written once, so nothing is shared and <c>BINPUT</c>/<c>BINGET</c> are never needed.
/// </summary>
internal sealed class PickleWriter(Stream stream)
{
    private const byte Proto = 0x80;
    private const byte ProtocolVersion = 2;
    private const byte Stop = (byte)'.';
    private const byte Mark = (byte)'(';
    private const byte EmptyDict = (byte)'}';
    private const byte EmptyList = (byte)']';
    private const byte EmptyTuple = (byte)')';
    private const byte SetItems = (byte)'u';
    private const byte Appends = (byte)'e';
    private const byte Tuple = (byte)'t';
    private const byte BinUnicode = (byte)'X';
    private const byte BinInt = (byte)'J';
    private const byte Long1 = 0x8a;
    private const byte BinFloat = (byte)'G';
    private const byte NewTrue = 0x88;
    private const byte NewFalse = 0x89;
    private const byte None = (byte)'N';
    private const byte Global = (byte)'c';
    private const byte Reduce = (byte)'R';
    private const byte BinPersId = (byte)'Q';

    public void Begin() => stream.Write([Proto, ProtocolVersion]);

    public void End() => stream.WriteByte(Stop);

    public void MarkStart() => stream.WriteByte(Mark);

    public void EmptyDictionary() => stream.WriteByte(EmptyDict);

    public void EmptyListOf() => stream.WriteByte(EmptyList);

    public void EmptyTupleOf() => stream.WriteByte(EmptyTuple);

    /// <summary>Pops the key/value pairs pushed since the last mark into the dictionary below the mark.</summary>
    public void SetItemsSinceMark() => stream.WriteByte(SetItems);

    public void AppendsSinceMark() => stream.WriteByte(Appends);

    public void TupleSinceMark() => stream.WriteByte(Tuple);

    public void String(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        stream.WriteByte(BinUnicode);
        WriteInt32(bytes.Length);
        stream.Write(bytes);
    }

    public void Integer(long value)
    {
        if (value is >= int.MinValue and <= int.MaxValue)
        {
            stream.WriteByte(BinInt);
            WriteInt32((int)value);
            return;
        }
        // LONG1: a length byte, then the two's-complement little-endian bytes.
        stream.Write([Long1, sizeof(long)]);
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        stream.Write(bytes);
    }

    /// <summary>BINFLOAT is the one big-endian field in pickle.</summary>
    public void Float(double value)
    {
        stream.WriteByte(BinFloat);
        Span<byte> bytes = stackalloc byte[sizeof(double)];
        BinaryPrimitives.WriteDoubleBigEndian(bytes, value);
        stream.Write(bytes);
    }

    public void Boolean(bool value) => stream.WriteByte(value ? NewTrue : NewFalse);

    public void NoneValue() => stream.WriteByte(None);

    public void GlobalName(string module, string name)
    {
        stream.WriteByte(Global);
        stream.Write(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));
    }

    /// <summary>Calls the callable below the argument tuple on the stack.</summary>
    public void ReduceCall() => stream.WriteByte(Reduce);

    /// <summary>Turns the object on the stack into a persistent id, resolved by the unpickler's <c>persistent_load</c>.</summary>
    public void PersistentId() => stream.WriteByte(BinPersId);

    private void WriteInt32(int value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        stream.Write(bytes);
    }
}
