using ResNeXt.Benchmarks.Commands;

return await new BenchmarksRootCommand().InvokeAsync(args);
