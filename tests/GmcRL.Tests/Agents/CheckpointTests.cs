using GmcRL.Agents;
using GmcRL.Agents.Checkpoints;
using GmcRL.Storage;
using GmcRL.Tests.Storage;

namespace GmcRL.Tests.Agents;

[Collection(AgentsCollection.Name)]
public sealed class CheckpointTests : IDisposable
{
    private readonly TestFolder _folder = new("gmcrl-ckpt");
    private string _dir => _folder.Path;

    public void Dispose() => _folder.Dispose();

    private static readonly FramedFile Format = new("gmcrl-agent-checkpoint", CheckpointFile.FormatVersion, "test");

    // Writes to path a checkpoint whose body is body with its fields (content, algorithm, feature size, action kind,
    // choices, low, high, networks, payload) edited: framed again, so that its checksum is right.
    private static void Rewrite(string path, byte[] body, Action<object?[]> edit)
    {
        var fields = MessagePack.MessagePackSerializer.Deserialize<object?[]>(body, FramedFile.Options);
        edit(fields);
        Format.Write(path, MessagePack.MessagePackSerializer.Serialize(fields, FramedFile.Options));
    }

    private static float[] Greedy(IAgent agent)
    {
        var actions = new float[6 * agent.ActionSpec.Width];
        agent.Act(TestAgents.Features(6, agent.FeatureSize), actions, ActMode.Deterministic);
        return actions;
    }

    [Theory]
    [MemberData(nameof(TestAgents.Algorithms), MemberType = typeof(TestAgents))]
    public void A_loaded_agent_acts_and_learns_like_the_saved_one(Algorithm algorithm)
    {
        string path = Path.Combine(_dir, "a.ckpt");
        using var trained = TestAgents.Create(algorithm, seed: 1);
        var batch = TestAgents.RandomBatch(trained);
        for (int i = 0; i < 5; i++) trained.Update(batch);
        trained.Save(path);

        using var fresh = TestAgents.Create(algorithm, seed: 2);
        Assert.NotEqual(Greedy(trained), Greedy(fresh));
        fresh.Load(path);
        Assert.Equal(Greedy(trained), Greedy(fresh));
        // Optimizer state travels too: the next deterministic-target update gives the same critic loss.
        if (algorithm != Algorithm.Sac) Assert.Equal(trained.Update(batch).CriticLoss, fresh.Update(batch).CriticLoss, 5);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void Another_feature_size_fails_clearly_and_leaves_the_agent_unchanged()
    {
        string path = Path.Combine(_dir, "sac.ckpt");
        using (var saved = TestAgents.Create(Algorithm.Sac, featureSize: 10)) saved.Save(path);
        using var agent = TestAgents.Create(Algorithm.Sac, featureSize: 3);
        var before = Greedy(agent);
        var e = Assert.Throws<CheckpointException>(() => agent.Load(path));
        Assert.Contains("feature vectors of size 10", e.Message);
        Assert.Contains("takes 3", e.Message);
        Assert.Equal(before, Greedy(agent));
    }

    [Fact]
    public void Another_action_space_fails_clearly()
    {
        string path = Path.Combine(_dir, "ddpg.ckpt");
        using (var saved = TestAgents.Create(Algorithm.Ddpg, actions: ActionSpec.Continuous([-1f], [1f]))) saved.Save(path);
        using var agent = TestAgents.Create(Algorithm.Ddpg);
        var e = Assert.Throws<CheckpointException>(() => agent.Load(path));
        Assert.Contains("action space Box(1, [-1, 1])", e.Message);
        Assert.Contains("Box(1, [-2, 2])", e.Message);
    }

    [Fact]
    public void Another_algorithm_fails_clearly()
    {
        string path = Path.Combine(_dir, "dqn.ckpt");
        using (var saved = TestAgents.Create(Algorithm.Dqn)) saved.Save(path);
        using var agent = TestAgents.Create(Algorithm.Sac);
        var e = Assert.Throws<CheckpointException>(() => agent.Load(path));
        Assert.Contains("made by Dqn", e.Message);
        Assert.Contains("this agent is Sac", e.Message);
    }

    [Fact]
    public void Other_network_sizes_fail_clearly()
    {
        string path = Path.Combine(_dir, "dqn.ckpt");
        using (var saved = new GmcRL.Agents.Dqn.DqnAgent(4, TestAgents.ThreeChoices, new GmcRL.Agents.Dqn.DqnOptions { Hidden = [8] })) saved.Save(path);
        using var agent = TestAgents.Create(Algorithm.Dqn);
        Assert.Contains("create the agent with the same options", Assert.Throws<CheckpointException>(() => agent.Load(path)).Message);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(200)]
    [InlineData(-10)]
    public void A_truncated_file_fails_clearly_and_changes_nothing(int keep)
    {
        string path = Path.Combine(_dir, "sac.ckpt");
        using (var saved = TestAgents.Create(Algorithm.Sac, seed: 1)) saved.Save(path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(keep > 0 ? keep : bytes.Length + keep)]);
        using var agent = TestAgents.Create(Algorithm.Sac, seed: 2);
        var before = Greedy(agent);
        var e = Assert.Throws<CheckpointException>(() => agent.Load(path));
        Assert.Contains("truncated", e.Message);
        Assert.Contains(path, e.Message);
        Assert.Equal(before, Greedy(agent));
    }

    [Fact]
    public void A_file_that_is_not_a_checkpoint_fails_clearly()
    {
        string path = Path.Combine(_dir, "notes.txt");
        File.WriteAllText(path, "these are not the weights you are looking for");
        using var agent = TestAgents.Create(Algorithm.Dqn);
        Assert.Contains("is not a GmcRL agent checkpoint", Assert.Throws<CheckpointException>(() => agent.Load(path)).Message);
        Assert.Contains("does not exist", Assert.Throws<CheckpointException>(() => agent.Load(Path.Combine(_dir, "missing.ckpt"))).Message);
    }

    [Fact]
    public void A_device_a_fifo_or_a_folder_is_refused_by_name_and_changes_nothing()
    {
        using var agent = TestAgents.Create(Algorithm.Sac);
        var before = Greedy(agent);
        foreach (var (path, what) in NotFiles.Make(_folder))
        {
            var e = NotFiles.Throws<CheckpointException>(path, () => agent.Load(path));
            Assert.Equal($"Cannot load checkpoint: '{path}' {what}, not a GmcRL agent checkpoint.", e.Message);
            Assert.Equal(before, Greedy(agent));
        }
    }

    [Fact]
    public void A_flipped_byte_anywhere_fails_clearly_and_changes_nothing()
    {
        string path = Path.Combine(_dir, "sac.ckpt");
        using (var saved = TestAgents.Create(Algorithm.Sac, seed: 1)) saved.Save(path);
        var bytes = File.ReadAllBytes(path);
        using var agent = TestAgents.Create(Algorithm.Sac, seed: 2);
        var before = Greedy(agent);
        // In the middle of the weights, and in the last byte of the checksum itself.
        foreach (int at in new[] { bytes.Length / 2, bytes.Length - 1 })
        {
            var damaged = (byte[])bytes.Clone();
            damaged[at] ^= 0x10;
            File.WriteAllBytes(path, damaged);
            var e = Assert.Throws<CheckpointException>(() => agent.Load(path));
            Assert.Contains("is a corrupted GmcRL agent checkpoint: its checksum (SHA-256) does not match its contents", e.Message);
            Assert.Equal(before, Greedy(agent));
        }
    }

    [Fact]
    public void Another_format_version_fails_clearly_and_changes_nothing()
    {
        string path = Path.Combine(_dir, "dqn.ckpt");
        using var agent = TestAgents.Create(Algorithm.Dqn);
        agent.Save(path);
        const string magic = "gmcrl-agent-checkpoint";
        var body = new FramedFile(magic, CheckpointFile.FormatVersion, "test").Read(path);
        var before = Greedy(agent);
        foreach (int version in new[] { CheckpointFile.FormatVersion - 1, CheckpointFile.FormatVersion + 1 })
        {
            new FramedFile(magic, version, "test").Write(path, body);
            var e = Assert.Throws<CheckpointException>(() => agent.Load(path));
            Assert.Contains($"'{path}' is a GmcRL agent checkpoint of format version {version}, but this gmcrl reads version {CheckpointFile.FormatVersion}", e.Message);
            Assert.Equal(before, Greedy(agent));
        }
    }

    [Theory]
    [MemberData(nameof(TestAgents.Algorithms), MemberType = typeof(TestAgents))]
    public void Bytes_after_the_payload_the_body_or_the_frame_are_refused(Algorithm algorithm)
    {
        string path = Path.Combine(_dir, "a.ckpt");
        using (var saved = TestAgents.Create(algorithm, seed: 1)) saved.Save(path);
        byte[] body = Format.Read(path).ToArray();
        using var agent = TestAgents.Create(algorithm, seed: 2);

        // Three bytes more in the payload, which the agent does not read.
        Rewrite(path, body, f => f[8] = ((byte[])f[8]!).Concat(new byte[3]).ToArray());
        Assert.Equal($"Cannot load checkpoint '{path}': its contents do not match its header (3 unexpected bytes after the state it holds).",
            Assert.Throws<CheckpointException>(() => agent.Load(path)).Message);

        Format.Write(path, body.Concat(new byte[3]).ToArray());
        Assert.Equal($"Cannot load checkpoint: '{path}' is a GmcRL agent checkpoint with 3 unexpected bytes at the end of its body.",
            Assert.Throws<CheckpointException>(() => agent.Load(path)).Message);
        Format.Write(path, body);
        File.AppendAllBytes(path, new byte[3]);
        Assert.Equal($"Cannot load checkpoint: '{path}' is a GmcRL agent checkpoint with 3 unexpected bytes after its frame.",
            Assert.Throws<CheckpointException>(() => agent.Load(path)).Message);
    }

    [Theory]
    [MemberData(nameof(TestAgents.Algorithms), MemberType = typeof(TestAgents))]
    public void A_body_with_a_right_checksum_but_a_wrong_structure_fails_clearly_naming_the_file(Algorithm algorithm)
    {
        string path = Path.Combine(_dir, "a.ckpt");
        using (var saved = TestAgents.Create(algorithm, seed: 1)) saved.Save(path);
        byte[] body = Format.Read(path).ToArray();
        string wrong = Path.Combine(_dir, "wrong.ckpt");
        using var agent = TestAgents.Create(algorithm, seed: 2);
        (Action<object?[]> Edit, string Problem)[] cases =
        [
            (f => f[5] = f[6] = null, algorithm == Algorithm.Dqn ? "" : "its header is damaged"),
            (f => f[8] = null, "its contents do not match its header"),
            // The payload starts with the number of the first network's tensors (one byte for a small count).
            (f => f[8] = ((byte[])f[8]!).Select((b, i) => i == 0 ? (byte)0x7F : b).ToArray(), "its contents do not match its header (Mismatched state_dict sizes"),
            (f => f[2] = 5, "it was made for feature vectors of size 5, but this agent takes 4"),
        ];
        foreach (var (edit, problem) in cases)
        {
            Rewrite(wrong, body, edit);
            if (problem.Length == 0)
            {
                agent.Load(wrong); // DQN's discrete actions have no bounds
                continue;
            }
            var e = Assert.Throws<CheckpointException>(() => agent.Load(wrong));
            Assert.StartsWith($"Cannot load checkpoint '{wrong}': {problem}", e.Message);
        }
    }

    [Fact]
    public void A_header_naming_an_unknown_algorithm_fails_clearly()
    {
        string path = Path.Combine(_dir, "dqn.ckpt");
        using var agent = TestAgents.Create(Algorithm.Dqn);
        agent.Save(path);
        // A body that the checksum vouches for but no build writes: its algorithm field (the second) is 9.
        var format = new FramedFile("gmcrl-agent-checkpoint", CheckpointFile.FormatVersion, "test");
        var fields = MessagePack.MessagePackSerializer.Deserialize<object[]>(format.Read(path), FramedFile.Options);
        fields[1] = 9;
        format.Write(path, MessagePack.MessagePackSerializer.Serialize(fields, FramedFile.Options));
        var e = Assert.Throws<CheckpointException>(() => agent.Load(path));
        Assert.Equal($"Cannot load checkpoint '{path}': its header is damaged (unknown algorithm 9). Save it again.", e.Message);
    }

    [Fact]
    public void A_failed_save_keeps_the_existing_file_and_leaves_no_temporary()
    {
        string path = Path.Combine(_dir, "ddpg.ckpt");
        using var agent = TestAgents.Create(Algorithm.Ddpg);
        agent.Save(path);
        var original = File.ReadAllBytes(path);
        var header = CheckpointFile.ReadHeader(path);

        Assert.Throws<InvalidOperationException>(() =>
            CheckpointFile.Write(path, header, w => { w.Write(1); throw new InvalidOperationException("disk full"); }));

        Assert.Equal(original, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_dir));
        agent.Load(path);
    }
}
