using TorchSharp;
using static TorchSharp.torch;

namespace GmcRL.Representation.Gmc;

/// <summary>
/// GMC's contrastive loss (Poklukar et al. 2022, eq. 6; docs/method.md §3) and the reference's "joints as negatives" ablation.
/// </summary>
public static class GmcLoss
{
    /// <summary>
    /// The loss of L2-normalised latents: <paramref name="complete"/> z(1:M) [B, L] and one [B, L] tensor z(m) per
    /// modality, at temperature <paramref name="temperature"/>.
    /// </summary>
    /// <remarks>
    /// <see cref="GmcLossKind.Gmc"/>: for each m, Z = [z(1:M); z(m)] (2B rows), S = exp(Z Z^T / tau) without its diagonal,
    /// loss_m(row) = -log(exp(z_i(1:M) . z_i(m) / tau) / sum of the row of S); total = mean over the 2B rows of
    /// sum_m loss_m. <see cref="GmcLossKind.JointsAsNegatives"/>: the denominator of row i is the sum over j != i of
    /// exp(z_i(1:M) . z_j(1:M) / tau) (B rows). Computed as logsumexp(row) - positive / tau, which is the same value.
    /// </remarks>
    public static Tensor Compute(Tensor complete, IReadOnlyList<Tensor> modalities, double temperature, GmcLossKind kind)
    {
        if (!(temperature > 0)) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature must be positive.");
        if (modalities.Count == 0) throw new ArgumentException("The loss needs at least one modality.", nameof(modalities));
        long batch = complete.shape[0];
        if (batch < 2) throw new ArgumentException($"The contrastive loss needs a batch of at least 2 samples (got {batch}).");
        using var inverse = Scalars.Of(1.0 / temperature);
        return kind switch
        {
            GmcLossKind.Gmc => Gmc(complete, modalities, inverse, batch),
            GmcLossKind.JointsAsNegatives => JointsAsNegatives(complete, modalities, inverse, batch),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown loss"),
        };
    }

    private static Tensor Gmc(Tensor complete, IReadOnlyList<Tensor> modalities, Scalar inverse, long batch)
    {
        using var scope = NewDisposeScope();
        var diagonal = eye(2 * batch, dtype: ScalarType.Bool, device: complete.device);
        Tensor total = zeros(2 * batch, dtype: complete.dtype, device: complete.device);
        foreach (var single in modalities)
        {
            var z = cat([complete, single], 0);
            var logits = z.matmul(z.t()).mul_(inverse).masked_fill_(diagonal, Scalars.NegativeInfinity);
            var positive = complete.mul(single).sum(1).mul_(inverse);
            total = total.add(logits.logsumexp(1).sub(cat([positive, positive], 0)), Scalars.One);
        }
        return total.mean().MoveToOuterDisposeScope();
    }

    private static Tensor JointsAsNegatives(Tensor complete, IReadOnlyList<Tensor> modalities, Scalar inverse, long batch)
    {
        using var scope = NewDisposeScope();
        var diagonal = eye(batch, dtype: ScalarType.Bool, device: complete.device);
        var logits = complete.matmul(complete.t()).mul_(inverse).masked_fill_(diagonal, Scalars.NegativeInfinity);
        var denominator = logits.logsumexp(1);
        Tensor total = zeros(batch, dtype: complete.dtype, device: complete.device);
        foreach (var single in modalities)
            total = total.add(denominator.sub(complete.mul(single).sum(1).mul_(inverse)), Scalars.One);
        return total.mean().MoveToOuterDisposeScope();
    }
}
