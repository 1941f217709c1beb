using ResNeXt.Cli.Commands;
using ResNeXt.Inference.Registry;

using var httpClient = new HttpClient();
return await new ResNeXtRootCommand(httpClient, ModelCatalog.Get).InvokeAsync(args);
