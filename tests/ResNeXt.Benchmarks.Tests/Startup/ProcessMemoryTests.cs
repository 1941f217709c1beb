using ResNeXt.Benchmarks.Startup;

namespace ResNeXt.Benchmarks.Tests.Startup;

public sealed class ProcessMemoryTests
{
    private const long KiB = 1024;

    [Fact]
    public void HighWaterMarkAndResidentSetAreReadInBytes()
    {
        const string status = "Name:\tdotnet\nVmPeak:\t 4000000 kB\nVmSize:\t 3900000 kB\nVmHWM:\t  233088 kB\nVmRSS:\t  201344 kB\nThreads:\t31\n";

        var memory = ProcessMemory.Parse(status);

        Assert.Equal(233088 * KiB, memory.PeakRssBytes);
        Assert.Equal(201344 * KiB, memory.RssBytes);
    }

    [Fact]
    public void MissingHighWaterMarkIsAFormatErrorNamingTheField()
    {
        var error = Assert.Throws<FormatException>(() => ProcessMemory.Parse("Name:\tkthreadd\nVmRSS:\t 10 kB\n"));

        Assert.Contains("VmHWM", error.Message);
    }

    [Theory]
    [InlineData("VmHWM:\t 12 MB\nVmRSS:\t 10 kB\n")]
    [InlineData("VmHWM:\t -12 kB\nVmRSS:\t 10 kB\n")]
    [InlineData("VmHWM:\t twelve kB\nVmRSS:\t 10 kB\n")]
    public void SizeThatIsNotKibibytesIsAFormatError(string status) =>
        Assert.Throws<FormatException>(() => ProcessMemory.Parse(status));

    [Fact]
    public void ThisProcessPeakIsAtLeastWhatItHoldsNow()
    {
        var memory = ProcessMemory.Read(Environment.ProcessId);

        Assert.True(memory.RssBytes > 0);
        Assert.True(memory.PeakRssBytes >= memory.RssBytes, $"VmHWM {memory.PeakRssBytes} < VmRSS {memory.RssBytes}");
    }
}
