namespace ResNeXt.Inference.Evaluation;

/// <summary>The images of a dataset with their labels, in the order mmpretrain would list them.</summary>
/// <param name="ClassNames">Folder names for <see cref="DatasetLayout.ClassFolders"/>; null when the annotation file gives only indices.</param>
public sealed record LabelledDataset(string Root, DatasetLayout Layout, IReadOnlyList<string>? ClassNames, IReadOnlyList<LabelledImage> Images)
{
    /// <summary>One more than the largest label: the fewest classes a model needs to be scored on this dataset.</summary>
    public int MinimumClassCount => Images.Count == 0 ? 0 : Images.Max(i => i.Label) + 1;
}
