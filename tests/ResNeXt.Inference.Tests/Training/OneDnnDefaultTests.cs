using ResNeXt.Inference.Training;

namespace ResNeXt.Inference.Tests.Training;

public sealed class OneDnnDefaultTests
{
    private const string CacheTopology = "/sys/devices/system/cpu/cpu0/cache";

    [Fact]
    public void TrainingUsesOneDnnExactlyWhereTheCpuReportsItsCaches()
    {
        // On the CI VMs the folder is missing and oneDNN's backward pass would die with SIGFPE; elsewhere oneDNN stays on.
        var expected = !OperatingSystem.IsLinux() || Directory.Exists(CacheTopology);

        Assert.Equal(expected, OneDnn.CpuReportsCacheSizes);
        Assert.Equal(expected, new TrainingOptions("tiny", "data", "work").UseOneDnn);
    }
}
