using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GmcRL.Representation.Gmc;

/// <summary>The vector trunk of docs/method.md §2: flatten, then Linear+Swish per hidden width.
/// Input [B, ...shape]; output [B, last hidden width]. The flattened input first goes through a fixed elementwise
/// standardisation (x - shift) * scale, held in buffers: the identity unless <see cref="GmcModelOptions.StandardizeVectors"/>
/// asked for one and pretraining fitted it (<see cref="Training.InputStandardization"/>).</summary>
internal sealed class MlpTrunk : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Linear> layers;
    private readonly Tensor input_shift;
    private readonly Tensor input_scale;

    public MlpTrunk(string name, string modality, int inputSize, GmcModelOptions options) : base(name)
    {
        Modality = modality;
        Standardizes = options.StandardizeVectors;
        layers = new ModuleList<Linear>();
        int width = inputSize;
        foreach (int hidden in options.MlpHidden)
        {
            layers.Add(nn.Linear(width, hidden));
            width = hidden;
        }
        OutputSize = width;
        input_shift = zeros(inputSize);
        input_scale = ones(inputSize);
        RegisterComponents();
    }

    /// <summary>Name of the modality the trunk reads.</summary>
    public string Modality { get; }

    /// <summary>Whether pretraining fits the input standardisation.</summary>
    public bool Standardizes { get; }

    /// <summary>Length of the output.</summary>
    public int OutputSize { get; }

    /// <summary>Sets the standardisation to (x - <paramref name="shift"/>) * <paramref name="scale"/>, elementwise over
    /// the flattened input.</summary>
    public void SetStandardization(ReadOnlySpan<float> shift, ReadOnlySpan<float> scale)
    {
        using var noGrad = no_grad();
        using var s = tensor(shift.ToArray());
        using var k = tensor(scale.ToArray());
        input_shift.copy_(s);
        input_scale.copy_(k);
    }

    /// <summary>The input that the standardisation maps to zeros, in the shape of <paramref name="like"/> ([B, ...]):
    /// the shift, broadcast over the batch (a view; zeros when the standardisation is the identity).</summary>
    public Tensor StandardZero(Tensor like)
    {
        using var row = input_shift.reshape([1, .. like.shape[1..]]);
        return row.expand_as(like);
    }

    public override Tensor forward(Tensor x)
    {
        using var flat = x.flatten(1);
        var h = flat.sub(input_shift);
        h.mul_(input_scale);
        foreach (var layer in layers)
        {
            using var linear = layer.forward(h);
            h.Dispose();
            h = nn.functional.silu(linear);
        }
        return h;
    }
}
