using System.Reflection;

namespace Spate.Ui;

/// <summary>The script and stylesheet, embedded in the assembly and served from memory under fixed names.</summary>
internal static class UiAssets
{
    public static readonly string Script = Load("Spate.Ui.ui.js");
    public static readonly string Stylesheet = Load("Spate.Ui.ui.css");

    private static string Load(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The web UI asset {name} is missing from Spate.Ui.dll.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
