using GmcRL.Envs;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace GmcRL.Representation.Baselines;

/// <summary>
/// The multimodal VAE of Wu and Goodman (2018): a Gaussian expert q(z | x_m) per modality (<see cref="GaussianExpert"/>,
/// GMC's base encoder of that modality) and a prior expert N(0, I), joined by a <see cref="ProductOfExperts"/> over the
/// modalities present; one decoder per modality. Trained with the paper's subsampled ELBO: for the complete
/// observation and for each modality alone, the ELBO of the modalities in the subset,
/// sum_{m in S} lambda_m error_m(x_m, decoder_m(z)) + beta KL(q(z | x_S) || N(0, I)) with z sampled by
/// reparameterisation, summed over the subsets and averaged over the batch. (For two modalities these are all the
/// subsets; with more, the paper adds random larger subsets, which this class does not.) The feature of an
/// observation is the posterior mean over its present modalities.
/// </summary>
/// <remarks>The submodule names (experts, decoders) are the checkpoint format.</remarks>
public sealed class Mvae : BaselineModel
{
    private readonly ModuleList<GaussianExpert> experts;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> decoders;

    /// <summary>A model for <paramref name="spec"/>, initialised as PyTorch does by default from <paramref name="seed"/>.</summary>
    public Mvae(ObservationSpec spec, BaselineTrainingOptions options, int seed) : base(nameof(Mvae), spec, options)
    {
        experts = new ModuleList<GaussianExpert>();
        foreach (var modality in spec.Modalities) experts.Add(new GaussianExpert(modality.Name, modality, Options.Model));
        decoders = Reconstruction.Decoders(spec, Options.Model);
        RegisterComponents();
        Initialize(seed);
    }

    /// <summary>Each modality's expert (mu, logvar), [B, latent] each.</summary>
    public IReadOnlyList<(Tensor Mu, Tensor LogVar)> Experts(IReadOnlyList<Tensor> inputs) =>
        inputs.Select((x, m) => experts[m].forward(x)).ToArray();

    /// <inheritdoc/>
    public override Tensor Features(IReadOnlyList<Tensor> inputs, Tensor presence)
    {
        using var scope = NewDisposeScope();
        var (mu, _) = ProductOfExperts.Combine(Experts(inputs), presence);
        return mu.MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override Tensor Loss(IReadOnlyList<Tensor> inputs, Generator noise) => Elbo(inputs, noise);

    /// <inheritdoc/>
    /// <remarks>The held-out ELBO uses the posterior means instead of samples; z(m) is the posterior mean of modality m
    /// alone and z(1:M) that of all of them.</remarks>
    public override (Tensor Loss, Tensor Complete, Tensor[] Singles) Validate(IReadOnlyList<Tensor> inputs)
    {
        using var scope = NewDisposeScope();
        var loss = Elbo(inputs, noise: null);
        var all = Experts(inputs);
        var complete = nn.functional.normalize(ProductOfExperts.Combine(all).Mu, p: 2, dim: 1);
        var singles = all.Select(e => nn.functional.normalize(ProductOfExperts.Combine([e]).Mu, p: 2, dim: 1).MoveToOuterDisposeScope()).ToArray();
        return (loss.MoveToOuterDisposeScope(), complete.MoveToOuterDisposeScope(), singles);
    }

    // The subsampled ELBO (negated: a loss) of complete observations; without noise, z is the posterior mean.
    private Tensor Elbo(IReadOnlyList<Tensor> inputs, Generator? noise)
    {
        using var scope = NewDisposeScope();
        using var klWeight = Scalars.Of(Options.KlWeight);
        var (one, minusOne, half, minusHalf) = (Scalars.One, Scalars.MinusOne, Scalars.Half, Scalars.MinusHalf);
        var all = Experts(inputs);
        var subsets = new List<int[]> { Enumerable.Range(0, Spec.Count).ToArray() };
        if (Spec.Count > 1) subsets.AddRange(Enumerable.Range(0, Spec.Count).Select(m => new[] { m }));
        Tensor? total = null;
        foreach (int[] subset in subsets)
        {
            var (mu, logVar) = ProductOfExperts.Combine(subset.Select(m => all[m]).ToArray());
            // Reparameterisation: z = mu + eps * sigma, eps ~ N(0, I), sigma = exp(logvar / 2).
            var z = noise is null ? mu : mu.add(randn(mu.shape, generator: noise).mul(logVar.mul(half).exp()), one);
            var reconstruction = Reconstruction.Weighted(decoders, Spec, z, inputs, subset, Options.WeightOf);
            // KL(N(mu, var) || N(0, I)) = -1/2 sum (1 + logvar - mu^2 - var).
            var kl = logVar.add(one, one).add(mu.square(), minusOne).add(logVar.exp(), minusOne).sum(1).mul_(minusHalf);
            // elbo = reconstruction + beta KL.
            var elbo = reconstruction.add(kl, klWeight);
            total = total is null ? elbo : total.add(elbo, one);
        }
        return total!.mean().MoveToOuterDisposeScope();
    }
}
