namespace ResNeXt.Inference.Serving;

/// <summary>Turns one image's softmax vector into mmpretrain's <c>pred_label</c>/<c>pred_score</c>/<c>pred_class</c> and a top-k list.</summary>
public static class Predictions
{
    /// <param name="topK">Clamped to the number of classes, so a 10-class fine-tuned model answers topk=1000 with 10.</param>
    public static ImagePrediction FromScores(float[] scores, IReadOnlyList<string> classes, int topK, bool includeAllScores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(topK);
        // Highest score first; ties keep the lower label first, as torch.argmax and a stable topk do.
        var order = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(Math.Min(topK, scores.Length));
        var top = order.Select(i => new ScoredClass(i, classes[i], scores[i])).ToArray();
        return new ImagePrediction(top[0].Label, top[0].Score, top[0].ClassName, top, includeAllScores ? scores : null);
    }
}
