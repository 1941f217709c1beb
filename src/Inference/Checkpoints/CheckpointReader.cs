using System.Collections;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Razorvine.Pickle;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace ResNeXt.Inference.Checkpoints;

/// <summary>
/// Reads official mmpretrain/mmcls checkpoints without Python: zip-format <c>torch.save</c> files holding either
/// <c>{'meta': ..., 'state_dict': ...}</c> or a bare state dict, with mmpretrain, <c>module.</c>-prefixed or
/// torchvision key names, and <c>.safetensors</c> files.
/// </summary>
public static partial class CheckpointReader
{
    private const string SafetensorsExtension = ".safetensors";
    private const string StateDictKey = "state_dict";
    private const string MetaKey = "meta";
    private const string LegacyClassesKey = "CLASSES";
    private const string DatasetMetaKey = "dataset_meta";
    private const string ClassesKey = "classes";
    private const int ReadChunkBytes = 1 << 20;
    private const int MaxOffendingKeys = 10;

    /// <summary>torch.save's zip format starts with a zip local file header.</summary>
    private static ReadOnlySpan<byte> ZipMagic => "PK\u0003\u0004"u8;

    /// <summary>Every pickle of protocol 2 or later starts with the PROTO opcode; legacy torch.save writes protocol 2.</summary>
    private const byte PickleProtoOpcode = 0x80;

    /// <exception cref="CheckpointMissingException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="ChecksumMismatchException">The official 8-hex file-name suffix disagrees with the sha256.</exception>
    /// <exception cref="CheckpointFormatException">Not a readable checkpoint (legacy pickle, corrupt, unknown objects).</exception>
    public static CheckpointContents Read(string path, bool verifyChecksum = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new CheckpointMissingException(Path.GetFileNameWithoutExtension(path), [path]);

        var (bytes, sha256) = ReadAndHash(path);
        if (verifyChecksum && OfficialSha256Prefix(path) is { } prefix && !sha256.StartsWith(prefix, StringComparison.Ordinal))
            throw new ChecksumMismatchException(path, prefix, sha256);

        var (tensors, classes) = path.EndsWith(SafetensorsExtension, StringComparison.OrdinalIgnoreCase)
            ? (SafetensorsReader.Read(bytes, path), null)
            : ReadTorchSave(bytes, path);
        return new CheckpointContents(path, sha256, NormaliseKeys(tensors, path), classes);
    }

    /// <summary>The <c>xxxxxxxx</c> of an official <c>..._YYYYMMDD-xxxxxxxx.pth</c> name, else null.</summary>
    public static string? OfficialSha256Prefix(string path) =>
        OfficialName().Match(Path.GetFileName(path)) is { Success: true } match ? match.Groups["prefix"].Value : null;

    /// <summary>
    /// One pass over the file feeds both the hash and the in-memory copy the unpickler needs (zip reading seeks,
    /// so it cannot hash a forward-only stream): the file is read exactly once.
    /// </summary>
    private static (byte[] Bytes, string Sha256) ReadAndHash(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        if (file.Length > Array.MaxLength)
            throw new CheckpointFormatException(path, $"files over {Array.MaxLength} bytes are not supported.");
        var bytes = new byte[file.Length];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var offset = 0; offset < bytes.Length;)
        {
            var read = file.Read(bytes, offset, Math.Min(ReadChunkBytes, bytes.Length - offset));
            if (read == 0) throw new CheckpointFormatException(path, "the file shrank while it was being read.");
            hash.AppendData(bytes, offset, read);
            offset += read;
        }
        return (bytes, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static (Dictionary<string, Tensor>, IReadOnlyList<string>?) ReadTorchSave(byte[] bytes, string path)
    {
        if (!bytes.AsSpan().StartsWith(ZipMagic))
        {
            throw new CheckpointFormatException(path, bytes.Length > 0 && bytes[0] == PickleProtoOpcode
                ? "it is a legacy (pre-1.6, non-zip) torch.save pickle, which only Python can read. Convert it once with " +
                  "python -c \"import torch; torch.save(torch.load('in.pth', map_location='cpu'), 'out.pth')\" " +
                  "(PyTorch >= 1.6 writes the zip format by default)."
                : "it is neither a zip-format torch.save file nor .safetensors.");
        }

        NumpyPlaceholders.Register();
        Hashtable root;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            root = PyTorchUnpickler.UnpickleStateDict(stream, leaveOpen: false, skipTensorRead: false);
        }
        catch (Exception e) when (e is PickleException or InvalidDataException or NotImplementedException or InvalidCastException or InvalidOperationException)
        {
            throw new CheckpointFormatException(path, $"unpickling failed ({e.Message}).", e);
        }

        var wrapped = root[StateDictKey] as Hashtable;
        var tensors = TensorsOf(wrapped ?? root, path);
        return (tensors, wrapped is null ? null : ClassesOf(root[MetaKey] as Hashtable));
    }

    private static Dictionary<string, Tensor> TensorsOf(Hashtable stateDict, string path)
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var other = new List<string>();
        foreach (DictionaryEntry entry in stateDict)
        {
            if (entry is { Key: string key, Value: Tensor tensor }) tensors.Add(key, tensor);
            else other.Add(entry.Key?.ToString() ?? "<null>");
        }
        if (other.Count == 0) return tensors;

        foreach (var tensor in tensors.Values) tensor.Dispose();
        throw new CheckpointFormatException(path, $"the state dict holds non-tensor entries: {string.Join(", ", other.Take(MaxOffendingKeys))}.");
    }

    private static IReadOnlyList<string>? ClassesOf(Hashtable? meta) =>
        AsStrings(meta?[LegacyClassesKey]) ?? AsStrings((meta?[DatasetMetaKey] as Hashtable)?[ClassesKey]);

    /// <summary>Razorvine yields Python tuples as object[] and lists as ArrayList.</summary>
    private static string[]? AsStrings(object? value) =>
        value is IList items && items.Count > 0 && items.Cast<object?>().All(i => i is string)
            ? [.. items.Cast<string>()]
            : null;

    private static Dictionary<string, Tensor> NormaliseKeys(Dictionary<string, Tensor> tensors, string path)
    {
        var torchvision = StateDictKeys.IsTorchvisionNaming(tensors.Keys);
        var normalised = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, tensor) in tensors)
        {
            if (normalised.TryAdd(StateDictKeys.Normalise(key, torchvision), tensor)) continue;
            foreach (var t in tensors.Values) t.Dispose();
            throw new CheckpointFormatException(path, $"key '{key}' collides with another once 'module.' is stripped.");
        }
        return normalised;
    }

    [GeneratedRegex(@"_\d{8}-(?<prefix>[0-9a-f]{8})\.pth$")]
    private static partial Regex OfficialName();
}
