using ResNeXt.Inference.Registry;

namespace ResNeXt.Inference.Tests.Registry;

public sealed class MemoryBudgetTests : IDisposable
{
    private const long Gigabyte = 1024L * 1024 * 1024;
    private readonly string _root = Directory.CreateTempSubdirectory("cgroup-").FullName;
    private readonly string _self;

    public MemoryBudgetTests() => _self = Path.Combine(_root, "self-cgroup");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void AConfiguredBudgetWins()
    {
        WriteLimit("memory.max", 2 * Gigabyte);

        var budget = MemoryBudget.Resolve(123, _root, _self, 16 * Gigabyte);

        Assert.Equal(123, budget.Bytes);
        Assert.Equal("Models:MaxMemoryBytes", budget.Source);
    }

    [Fact]
    public void AModelTooLargeForAConfiguredBudgetNamesTheKeyOnce()
    {
        var budget = MemoryBudget.Resolve(143 * 1024 * 1024, _root, _self, 16 * Gigabyte);

        var message = new ModelTooLargeException("m", 300 * 1024 * 1024, budget).Message;

        Assert.Equal("Model 'm' needs 300 MB of memory but the budget Models:MaxMemoryBytes is 143 MB; raise it.", message);
    }

    [Fact]
    public void AModelTooLargeForADerivedBudgetNamesTheLimitItIsAShareOfAndTheKeyThatOverridesIt()
    {
        WriteLimit("memory.max", 2 * Gigabyte);

        var budget = MemoryBudget.Resolve(0, _root, _self, 16 * Gigabyte);
        var message = new ModelTooLargeException("m", 3 * Gigabyte, budget).Message;

        Assert.False(budget.IsConfigured);
        Assert.StartsWith("Model 'm' needs 3072 MB of memory but the memory budget is 1024 MB (", message);
        Assert.Contains("of 2048 MB, the cgroup limit in ", message);
        Assert.DoesNotContain("budget Models:MaxMemoryBytes", message); // the key did not set it
        Assert.EndsWith("; raise that limit, or set Models:MaxMemoryBytes to give models more of it.", message);
    }

    [Fact]
    public void TheProcesssOwnCgroupV2LimitComesFirst()
    {
        File.WriteAllText(_self, "0::/kubepods/pod1/app\n");
        WriteLimit("kubepods/pod1/app/memory.max", 2 * Gigabyte);
        WriteLimit("memory.max", 8 * Gigabyte);

        var budget = MemoryBudget.Resolve(0, _root, _self, 16 * Gigabyte);

        Assert.Equal((long)(2 * Gigabyte * MemoryBudget.DefaultShare), budget.Bytes);
        Assert.Contains("kubepods/pod1/app/memory.max", budget.Source);
    }

    [Fact]
    public void ACgroupV1LimitIsRead()
    {
        WriteLimit("memory/memory.limit_in_bytes", 4 * Gigabyte);

        var budget = MemoryBudget.Resolve(0, _root, _self, 16 * Gigabyte);

        Assert.Equal((long)(4 * Gigabyte * MemoryBudget.DefaultShare), budget.Bytes);
    }

    [Theory]
    [InlineData("max")]
    [InlineData("9223372036854771712")] // cgroup v1's "no limit"
    public void WithoutALimitBelowTheMachinesMemoryTheMachineCounts(string limit)
    {
        Directory.CreateDirectory(Path.Combine(_root, "memory"));
        File.WriteAllText(Path.Combine(_root, "memory.max"), limit);
        File.WriteAllText(Path.Combine(_root, "memory", "memory.limit_in_bytes"), limit);

        var budget = MemoryBudget.Resolve(0, _root, _self, 16 * Gigabyte);

        Assert.Equal((long)(16 * Gigabyte * MemoryBudget.DefaultShare), budget.Bytes);
        Assert.Contains("machine", budget.Source);
    }

    private void WriteLimit(string relativePath, long bytes)
    {
        var path = Path.Combine(_root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $"{bytes}\n");
    }
}
