namespace GmcRL.Representation.Training;

/// <summary>A checkpoint of a representation's pretraining, as the pretraining loop writes it every epoch.</summary>
public interface ISavedCheckpoint
{
    /// <summary>Writes the checkpoint atomically.</summary>
    void Save(string path);
}
