namespace ResNeXt.Inference.Evaluation;

/// <summary>How a dataset folder assigns labels to images.</summary>
public enum DatasetLayout
{
    /// <summary>
    /// mmpretrain's <c>ImageNet</c> dataset: an annotation file of "relative/path label" lines
    /// (<c>meta/val.txt</c> by default), paths relative to the split folder (<c>val/</c>).
    /// </summary>
    Annotated,

    /// <summary>mmpretrain's <c>CustomDataset</c> without annotations: <c>DIR/&lt;class&gt;/**</c>, class indices in sorted folder order.</summary>
    ClassFolders,
}
