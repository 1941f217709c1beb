using System.Collections.Frozen;
using ResNeXt.Inference.Model;

namespace ResNeXt.Inference.Registry;

/// <summary>
/// What can exist: the four mmpretrain ResNeXt ImageNet classifiers, keyed by the name users type in URLs
/// and on the command line. Model names are defined here and nowhere else.
/// </summary>
public static class ModelCatalog
{
    /// <summary>The folder every official checkpoint URL shares.</summary>
    public const string OfficialBaseUrl = "https://download.openmmlab.com/mmclassification/v0/resnext/";

    public const string DefaultModel = "resnext50-32x4d";

    private static readonly ModelCatalogEntry[] AllEntries =
    [
        new("resnext50-32x4d", new ResNeXtSpec([3, 4, 6, 3], Groups: 32, WidthPerGroup: 4),
            25_028_904, 4.27, 77.90, 93.66, "resnext50_32x4d_b32x8_imagenet_20210429-56066e27.pth"),
        new("resnext101-32x4d", new ResNeXtSpec([3, 4, 23, 3], Groups: 32, WidthPerGroup: 4),
            44_177_704, 8.03, 78.61, 94.17, "resnext101_32x4d_b32x8_imagenet_20210506-e0fa3dd5.pth"),
        new("resnext101-32x8d", new ResNeXtSpec([3, 4, 23, 3], Groups: 32, WidthPerGroup: 8),
            88_791_336, 16.50, 79.27, 94.58, "resnext101_32x8d_b32x8_imagenet_20210506-23a247d5.pth"),
        new("resnext152-32x4d", new ResNeXtSpec([3, 8, 36, 3], Groups: 32, WidthPerGroup: 4),
            59_951_400, 11.80, 78.88, 94.33, "resnext152_32x4d_b32x8_imagenet_20210524-927787be.pth"),
    ];

    // ToFrozenDictionary throws on a duplicate key, so two entries can never share a name.
    private static readonly FrozenDictionary<string, ModelCatalogEntry> ByName =
        AllEntries.ToFrozenDictionary(e => e.Name, StringComparer.Ordinal);

    /// <summary>Every catalogue model, sorted by name.</summary>
    public static IReadOnlyList<ModelCatalogEntry> Entries { get; } = [.. AllEntries.OrderBy(e => e.Name, StringComparer.Ordinal)];

    public static bool TryGet(string name, out ModelCatalogEntry entry) => ByName.TryGetValue(name, out entry!);

    /// <exception cref="ModelNotFoundException">The name is not in the catalogue; the message lists the known names.</exception>
    public static ModelCatalogEntry Get(string name) =>
        TryGet(name, out var entry) ? entry : throw new ModelNotFoundException(name, Entries.Select(e => e.Name));

    public static Uri OfficialUrl(ModelCatalogEntry entry, string? baseUrl = null) =>
        new(new Uri(baseUrl ?? OfficialBaseUrl), entry.CheckpointFileName);
}
