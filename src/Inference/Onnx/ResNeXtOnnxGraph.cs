using Google.Protobuf;
using Onnx;
using ResNeXt.Inference.Checkpoints;
using ResNeXt.Inference.Model;
using ResNeXt.Inference.Preprocessing;
using TorchSharp;
using static TorchSharp.torch;

namespace ResNeXt.Inference.Onnx;

/// <summary>
/// Emits the ONNX graph of a BatchNorm-folded ResNeXt, in memory, straight from its weights: the same function as
/// <see cref="FoldedResNeXt"/>, node for node (Conv with bias, Relu, MaxPool, Add, GlobalAveragePool, Flatten, Gemm,
/// Softmax). No exporter, no Python and no file: the weights are copied once, from libtorch's memory into the protobuf.
/// </summary>
internal static class ResNeXtOnnxGraph
{
    /// <summary>IR version 8 and opset 17: what Debian 12's onnx 1.12 checks and every ONNX Runtime since 1.14 runs.</summary>
    public const long IrVersion = 8;
    public const long OpsetVersion = 17;
    public const string ProducerName = "resnext-service";

    /// <param name="groupBlock">Grouped convolutions with fewer channels per group are emitted with neighbouring groups
    /// merged up to this many channels (<see cref="GroupMerging"/>); <see cref="GroupMerging.None"/> keeps the checkpoint's
    /// groups, the portable form that <c>resnext export-onnx</c> writes.</param>
    public static ModelProto Build(FoldedResNeXt network, string graphName, IReadOnlyList<string> classes, string? sha256, int groupBlock = GroupMerging.None)
    {
        ArgumentNullException.ThrowIfNull(network);
        var graph = new GraphProto { Name = graphName };
        var emitter = new Emitter(graph, groupBlock);

        graph.Input.Add(TensorInfo(OnnxTensorNames.Input, ImageNetPipeline.Channels, ImageNetPipeline.CropSize, ImageNetPipeline.CropSize));

        var backbone = network.FoldedBackbone;
        var x = emitter.Relu(emitter.Conv(OnnxTensorNames.Input, backbone.Stem, "stem"));
        x = emitter.Node("MaxPool", [x], "stem.pool",
            Ints("kernel_shape", FoldedBackbone.PoolKernel, FoldedBackbone.PoolKernel),
            Ints("strides", FoldedBackbone.PoolStride, FoldedBackbone.PoolStride),
            Ints("pads", FoldedBackbone.PoolPadding, FoldedBackbone.PoolPadding, FoldedBackbone.PoolPadding, FoldedBackbone.PoolPadding));

        var stage = 0;
        foreach (var blocks in backbone.Stages)
        {
            stage++;
            var index = 0;
            foreach (var block in blocks)
            {
                x = emitter.Bottleneck(x, block, $"layer{stage}.{index++}");
            }
        }

        // The last block's sum names the map so it can be fetched as an output.
        x = emitter.Rename(x, OnnxTensorNames.FeatureMap);
        var pooled = emitter.Node("GlobalAveragePool", [x], "neck.pool");
        emitter.Node("Flatten", [pooled], "neck.flatten", output: OnnxTensorNames.Features, attributes: [Int("axis", 1)]);

        var classifier = network.Classifier;
        var fcWeight = emitter.Initializer("head.fc.weight", classifier.weight!);
        var fcBias = emitter.Initializer("head.fc.bias", classifier.bias!);
        // Gemm computes features x W^T + b, as nn.Linear does.
        emitter.Node("Gemm", [OnnxTensorNames.Features, fcWeight, fcBias], "head.fc", output: OnnxTensorNames.Logits, attributes: [Int("transB", 1)]);
        emitter.Node("Softmax", [OnnxTensorNames.Logits], "head.softmax", output: OnnxTensorNames.Probabilities, attributes: [Int("axis", -1)]);

        var featureDim = network.Spec.FeatureDim;
        var side = ImageNetPipeline.CropSize / FeatureMapStride;
        graph.Output.Add(TensorInfo(OnnxTensorNames.Logits, network.NumClasses));
        graph.Output.Add(TensorInfo(OnnxTensorNames.Probabilities, network.NumClasses));
        graph.Output.Add(TensorInfo(OnnxTensorNames.Features, featureDim));
        graph.Output.Add(TensorInfo(OnnxTensorNames.FeatureMap, featureDim, side, side));

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = ProducerName,
            ProducerVersion = typeof(ResNeXtOnnxGraph).Assembly.GetName().Version?.ToString() ?? "0",
            DocString = $"mmpretrain ResNeXt {network.Spec}, BatchNorm folded; input: ImageNet-normalised RGB, NCHW.",
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "classes", Value = string.Join('\n', classes) });
        if (sha256 is not null)
            model.MetadataProps.Add(new StringStringEntryProto { Key = "checkpoint_sha256", Value = sha256 });
        return model;
    }

    /// <summary>The backbone halves the resolution five times: 224 in, 7 x 7 out.</summary>
    private const int FeatureMapStride = 32;

    private static ValueInfoProto TensorInfo(string name, params int[] dimsAfterBatch)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = OnnxTensorNames.BatchDimension });
        foreach (var dim in dimsAfterBatch)
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = dim });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    private static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.Add(values);
        return attribute;
    }

    /// <summary>Appends nodes and initializers to one graph; node outputs are named after the node.</summary>
    private sealed class Emitter(GraphProto graph, int groupBlock)
    {
        public string Bottleneck(string x, FoldedBottleneck block, string name)
        {
            var identity = block.Projection is { } projection ? Conv(x, projection, name + ".downsample") : x;
            var y = Relu(Conv(x, block.Reduce, name + ".conv1"));
            y = Relu(Conv(y, block.Grouped, name + ".conv2"));
            y = Conv(y, block.Expand, name + ".conv3");
            return Relu(Node("Add", [y, identity], name + ".add"));
        }

        public string Conv(string x, FoldedConv conv, string name)
        {
            var factor = GroupMerging.Factor(conv.Groups, conv.Weight.shape[1], groupBlock);
            using var merged = factor == 1 ? null : GroupMerging.Merge(conv.Weight, conv.Groups, factor);
            var weight = Initializer(name + ".weight", merged ?? conv.Weight);
            var bias = Initializer(name + ".bias", conv.Bias);
            var kernel = conv.Weight.shape[2..];
            var padding = conv.Padding;
            return Node("Conv", [x, weight, bias], name,
                Ints("kernel_shape", kernel),
                Ints("strides", [.. conv.Stride]),
                Ints("pads", padding[0], padding[1], padding[0], padding[1]),
                Int("group", conv.Groups / factor));
        }

        public string Relu(string x) => Node("Relu", [x], x + ".relu");

        /// <summary>Gives the tensor <paramref name="x"/> the name <paramref name="name"/> by renaming its producer's output.</summary>
        public string Rename(string x, string name)
        {
            var producer = graph.Node.Last();
            if (producer.Output.Count != 1 || producer.Output[0] != x)
                throw new InvalidOperationException($"{x} is not the last node's output.");
            producer.Output[0] = name;
            return name;
        }

        public string Node(string op, string[] inputs, string name, params AttributeProto[] attributes) =>
            Node(op, inputs, name, output: name, attributes);

        public string Node(string op, string[] inputs, string name, string output, params AttributeProto[] attributes)
        {
            var node = new NodeProto { OpType = op, Name = name };
            node.Input.Add(inputs);
            node.Output.Add(output);
            node.Attribute.Add(attributes);
            graph.Node.Add(node);
            return output;
        }

        /// <summary>Copies a float32 CPU tensor's values into the graph, once.</summary>
        public string Initializer(string name, Tensor tensor)
        {
            using var scope = NewDisposeScope();
            var cpu = tensor.detach().to(float32).cpu().contiguous();
            var proto = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
            proto.Dims.Add(cpu.shape);
            proto.RawData = ByteString.CopyFrom(TensorBytes.Of(cpu));
            graph.Initializer.Add(proto);
            return name;
        }
    }
}
