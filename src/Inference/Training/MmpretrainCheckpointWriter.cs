using System.IO.Compression;
using ResNeXt.Inference.Checkpoints;
using static TorchSharp.torch;

namespace ResNeXt.Inference.Training;

/// <summary>
/// Writes a checkpoint in mmpretrain's layout, <c>{'meta': {...}, 'state_dict': OrderedDict}</c>, as PyTorch's own
/// zip serialisation (torch/serialization.py <c>_save</c>): <c>archive/data.pkl</c> (pickle protocol 2 whose tensors
/// are <c>torch._utils._rebuild_tensor_v2</c> calls over persistent storage ids), one raw little-endian file per
/// storage under <c>archive/data/</c>, and <c>archive/version</c>. The file loads unchanged with <c>torch.load</c>,
/// mmpretrain's <c>load_checkpoint</c> and this service's <see cref="CheckpointReader"/>.
/// </summary>
public static class MmpretrainCheckpointWriter
{
    private const string Record = "archive";

    /// <summary>The zip format version torch 1.6+ writes and every later torch reads.</summary>
    private const string FormatVersion = "3\n";

    /// <param name="stateDict">Keys as mmpretrain names them (<c>backbone.</c>, <c>head.fc.</c>), in module order.</param>
    /// <param name="classes">Stored as <c>meta.dataset_meta.classes</c>, where mmpretrain 1.x keeps class names.</param>
    public static void Save(string path, IReadOnlyList<(string Key, Tensor Value)> stateDict, IReadOnlyList<string> classes, int epoch, long iteration)
    {
        // Written next to the target and renamed over it, so a crash never leaves a half-written "best" checkpoint.
        var temporary = path + ".tmp";
        using (var file = File.Create(temporary))
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
        {
            WriteEntry(zip, "data.pkl", stream => WritePickle(stream, stateDict, classes, epoch, iteration));
            for (var i = 0; i < stateDict.Count; i++)
            {
                using var cpu = stateDict[i].Value.detach().cpu().contiguous();
                WriteEntry(zip, $"data/{i}", stream => stream.Write(TensorBytes.Of(cpu)));
            }
            WriteEntry(zip, "version", stream => stream.Write(System.Text.Encoding.ASCII.GetBytes(FormatVersion)));
        }
        File.Move(temporary, path, overwrite: true);
    }

    private static void WriteEntry(ZipArchive zip, string name, Action<Stream> write)
    {
        // torch reads storages in place, so they are stored, not deflated.
        using var stream = zip.CreateEntry($"{Record}/{name}", CompressionLevel.NoCompression).Open();
        write(stream);
    }

    private static void WritePickle(Stream stream, IReadOnlyList<(string Key, Tensor Value)> stateDict, IReadOnlyList<string> classes, int epoch, long iteration)
    {
        var pickle = new PickleWriter(stream);
        pickle.Begin();
        pickle.EmptyDictionary();
        pickle.MarkStart();
        pickle.String("meta");
        WriteMeta(pickle, classes, epoch, iteration);
        pickle.String("state_dict");
        NewOrderedDict(pickle);
        pickle.MarkStart();
        for (var i = 0; i < stateDict.Count; i++)
        {
            pickle.String(stateDict[i].Key);
            WriteTensor(pickle, stateDict[i].Value, i);
        }
        pickle.SetItemsSinceMark();
        pickle.SetItemsSinceMark();
        pickle.End();
    }

    private static void WriteMeta(PickleWriter pickle, IReadOnlyList<string> classes, int epoch, long iteration)
    {
        pickle.EmptyDictionary();
        pickle.MarkStart();
        pickle.String("epoch");
        pickle.Integer(epoch);
        pickle.String("iter");
        pickle.Integer(iteration);
        pickle.String("dataset_meta");
        pickle.EmptyDictionary();
        pickle.MarkStart();
        pickle.String("classes");
        pickle.EmptyListOf();
        pickle.MarkStart();
        foreach (var name in classes) pickle.String(name);
        pickle.AppendsSinceMark();
        pickle.SetItemsSinceMark();
        pickle.SetItemsSinceMark();
    }

    /// <summary><c>_rebuild_tensor_v2(storage, offset, size, stride, requires_grad, backward_hooks)</c> over storage <paramref name="index"/>.</summary>
    private static void WriteTensor(PickleWriter pickle, Tensor tensor, int index)
    {
        pickle.GlobalName("torch._utils", "_rebuild_tensor_v2");
        pickle.MarkStart();
        pickle.MarkStart();
        pickle.String("storage");
        pickle.GlobalName("torch", StorageType(tensor.dtype));
        pickle.String(index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        pickle.String("cpu");
        pickle.Integer(tensor.numel());
        pickle.TupleSinceMark();
        pickle.PersistentId();
        pickle.Integer(0);
        WriteTuple(pickle, tensor.shape);
        WriteTuple(pickle, ContiguousStrides(tensor.shape));
        pickle.Boolean(false);
        NewOrderedDict(pickle);
        pickle.TupleSinceMark();
        pickle.ReduceCall();
    }

    private static void NewOrderedDict(PickleWriter pickle)
    {
        pickle.GlobalName("collections", "OrderedDict");
        pickle.EmptyTupleOf();
        pickle.ReduceCall();
    }

    private static void WriteTuple(PickleWriter pickle, IEnumerable<long> values)
    {
        pickle.MarkStart();
        foreach (var value in values) pickle.Integer(value);
        pickle.TupleSinceMark();
    }

    private static long[] ContiguousStrides(long[] shape)
    {
        var strides = new long[shape.Length];
        long stride = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = stride;
            stride *= shape[i];
        }
        return strides;
    }

    private static string StorageType(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => "FloatStorage",
        ScalarType.Int64 => "LongStorage",
        _ => throw new NotSupportedException($"Checkpoints hold float32 weights and int64 counters, not {dtype}."),
    };
}
