namespace ResNeXt.Benchmarks.Startup;

/// <summary>One run of the PyTorch eager script on the same checkpoint.</summary>
/// <param name="ReadySeconds">From spawning the interpreter to the model loaded: interpreter, torch imports, torch.load and load_state_dict.</param>
/// <param name="LoadSeconds">torch.load and load_state_dict alone, as the script measures them.</param>
/// <param name="PeakRssBytes">ru_maxrss after the forward passes at the same batch size as the service's waves.</param>
internal sealed record PyTorchRound(int Round, double ReadySeconds, double LoadSeconds, long PeakRssBytes);
