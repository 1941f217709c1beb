namespace ResNeXt.Cli.Output;

/// <summary>
/// Where a measuring command leaves its result: the report as JSON (the figures, in the <c>--json</c> shape) beside its
/// chart as SVG, in one folder, and a line saying where both went.
/// </summary>
internal static class ReportFiles
{
    public static void Save<T>(string folder, string jsonFile, string svgFile, T report, string svg, TextWriter output)
    {
        Directory.CreateDirectory(folder);
        var json = Path.Combine(folder, jsonFile);
        using (var writer = new StreamWriter(json))
            CliJson.Write(writer, report);
        var chart = Path.Combine(folder, svgFile);
        File.WriteAllText(chart, svg);
        output.WriteLine($"wrote {json} and {chart}");
    }
}
