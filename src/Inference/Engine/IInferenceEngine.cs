using ResNeXt.Inference.Model;

namespace ResNeXt.Inference.Engine;

/// <summary>A model loaded from a checkpoint (or random weights) and ready to run, whatever its backend.</summary>
public interface IInferenceEngine : IBatchRunner
{
    EngineBackend Backend { get; }

    /// <summary>The catalogue name when loaded against a catalogue entry, else null.</summary>
    string? Name { get; }

    ResNeXtSpec Spec { get; }

    IReadOnlyList<string> Classes { get; }

    /// <summary>Hex sha256 of the checkpoint file; null for random weights.</summary>
    string? Sha256 { get; }

    /// <summary>Null for random weights.</summary>
    string? CheckpointPath { get; }

    /// <summary>Parameters of the checkpoint's (unfolded) network: what mmpretrain publishes.</summary>
    long ParameterCount { get; }

    /// <summary>Bytes held by the served weights.</summary>
    long MemoryBytes { get; }
}
