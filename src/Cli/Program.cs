using ResNeXt.Cli;
using ResNeXt.Cli.Commands;
using ResNeXt.Inference.Registry;

using var httpClient = new HttpClient();
using var signals = new TerminationSignals();
return await new ResNeXtRootCommand(httpClient, ModelCatalog.Get).InvokeAsync(args, cancellationToken: signals.Token);
