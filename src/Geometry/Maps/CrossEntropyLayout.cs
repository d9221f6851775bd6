namespace GmcRL.Geometry.Maps;

/// <summary>
/// UMAP's layout optimisation (umap-learn's optimize_layout_euclidean; McInnes et al. 2018, section 3.2): stochastic
/// gradient descent on the fuzzy-set cross-entropy between the graph's weights w and the map's memberships
/// <c>phi(d) = 1 / (1 + a d^(2b))</c>. Each edge is sampled in proportion to its weight (every <c>max w / w</c>
/// epochs) and pulls its ends together; each sample is followed by negative samples, uniformly random points that the
/// head is pushed away from (the (1 - w) log(1 - phi) term, estimated as in word2vec). Every gradient component is
/// clipped to [-4, 4], and the step size falls linearly to 0.
/// </summary>
internal static class CrossEntropyLayout
{
    const float Clip = 4f;

    /// <summary>Keeps the repulsion finite for points that coincide in the map.</summary>
    const float RepulsionEpsilon = 0.001f;

    /// <summary>
    /// Moves <paramref name="embedding"/> (row-major <c>Count x 2</c>) in place. Single-threaded on purpose:
    /// umap-learn's parallel epochs race on shared points and are not reproducible, and one thread lays out a few
    /// thousand points in seconds.
    /// </summary>
    public static void Optimise(
        float[] embedding, FuzzyGraph graph, MembershipCurve curve, int epochs, UmapOptions options, Xoshiro256 random)
    {
        int n = graph.Count, edges = graph.Weight.Length;
        var head = new int[edges];
        for (int i = 0; i < n; i++)
            for (int e = graph.RowStart[i]; e < graph.RowStart[i + 1]; e++) head[e] = i;
        int[] tail = graph.Column;

        // make_epochs_per_sample: the strongest edge is sampled every epoch, an edge of weight w every max/w epochs.
        float maxWeight = graph.MaxWeight();
        var epochsPerSample = new double[edges];
        for (int e = 0; e < edges; e++) epochsPerSample[e] = (double)maxWeight / graph.Weight[e];
        var epochsPerNegative = new double[edges];
        var nextSample = new double[edges];
        var nextNegative = new double[edges];
        for (int e = 0; e < edges; e++)
        {
            nextSample[e] = epochsPerSample[e];
            nextNegative[e] = epochsPerNegative[e] = epochsPerSample[e] / options.NegativeSampleRate;
        }

        float a = (float)curve.A, b = (float)curve.B, gamma = (float)options.RepulsionStrength;
        float alpha = (float)options.LearningRate;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            for (int e = 0; e < edges; e++)
            {
                if (nextSample[e] > epoch) continue;
                int j = head[e], k = tail[e];

                // Attraction along the edge: d/dx log phi = -2ab d^(2(b-1)) / (1 + a d^(2b)) (x - y), on both ends.
                float dx = embedding[j * 2] - embedding[k * 2], dy = embedding[j * 2 + 1] - embedding[k * 2 + 1];
                float d2 = dx * dx + dy * dy;
                float coefficient = 0;
                if (d2 > 0)
                {
                    float d2b = MathF.Pow(d2, b); // d^(2b); d^(2(b-1)) = d^(2b) / d^2
                    coefficient = -2f * a * b * (d2b / d2) / (a * d2b + 1f);
                }
                float gx = Clamp(coefficient * dx) * alpha, gy = Clamp(coefficient * dy) * alpha;
                embedding[j * 2] += gx;
                embedding[j * 2 + 1] += gy;
                embedding[k * 2] -= gx;
                embedding[k * 2 + 1] -= gy;
                nextSample[e] += epochsPerSample[e];

                // Repulsion from random points: d/dx log(1 - phi) = 2 gamma b / ((eps + d^2)(1 + a d^(2b))) (x - y).
                int negatives = options.NegativeSampleRate > 0
                    ? (int)((epoch - nextNegative[e]) / epochsPerNegative[e])
                    : 0;
                for (int p = 0; p < negatives; p++)
                {
                    int other = random.NextInt(n);
                    dx = embedding[j * 2] - embedding[other * 2];
                    dy = embedding[j * 2 + 1] - embedding[other * 2 + 1];
                    d2 = dx * dx + dy * dy;
                    if (d2 <= 0) continue; // itself, or a point on top of it: no direction to push in
                    coefficient = 2f * gamma * b / ((RepulsionEpsilon + d2) * (a * MathF.Pow(d2, b) + 1f));
                    embedding[j * 2] += Clamp(coefficient * dx) * alpha;
                    embedding[j * 2 + 1] += Clamp(coefficient * dy) * alpha;
                }
                nextNegative[e] += negatives * epochsPerNegative[e];
            }
            alpha = (float)(options.LearningRate * (1.0 - (double)epoch / epochs));
        }
    }

    static float Clamp(float g) => Math.Clamp(g, -Clip, Clip);
}
