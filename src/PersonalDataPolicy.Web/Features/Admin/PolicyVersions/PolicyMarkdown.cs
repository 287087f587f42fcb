using System.Text;
using System.Text.RegularExpressions;
using Ganss.Xss;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using PersonalDataPolicy.Policies;

namespace PersonalDataPolicy.Web.Features.Admin.PolicyVersions;

/// <summary>A policy text parsed from Markdown, or the reasons it could not be (resx keys with an argument).</summary>
public sealed record ParsedPolicy(string? Title, IReadOnlyList<PolicySection> Sections, IReadOnlyList<(string Key, object Argument)> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// The policy as staff edit it: "# Title", then per section "## N. Heading", an optional lead paragraph and a
/// numbered list of clauses. Parsed with Markdig into the structured sections the site stores and hashes;
/// formatted back the same way, so a published version opens as an editable draft.
/// </summary>
public static partial class PolicyMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().Build();
    private static readonly HtmlSanitizer Sanitizer = new();

    public static string Format(PolicyText text)
    {
        var markdown = new StringBuilder().Append("# ").Append(Escape(text.Title)).Append("\n\n");
        foreach (var section in text.Sections)
        {
            markdown.Append("## ").Append(section.Number).Append(". ").Append(Escape(section.Heading)).Append("\n\n");
            if (!string.IsNullOrWhiteSpace(section.Intro))
            {
                markdown.Append(Escape(section.Intro)).Append("\n\n");
            }

            for (var i = 0; i < section.Clauses.Count; i++)
            {
                markdown.Append(i + 1).Append(". ").Append(Escape(section.Clauses[i])).Append('\n');
            }

            markdown.Append('\n');
        }

        return markdown.ToString();
    }

    public static ParsedPolicy Parse(string? markdown)
    {
        var errors = new List<(string, object)>();
        string? title = null;
        var sections = new List<(int Number, string Heading, string? Intro, List<string> Clauses)>();
        foreach (var block in Markdown.Parse(markdown ?? string.Empty, Pipeline))
        {
            switch (block)
            {
                case HeadingBlock { Level: 1 } heading when title is null && sections.Count == 0:
                    title = Text(heading.Inline);
                    break;
                case HeadingBlock { Level: 2 } heading:
                    var match = NumberedHeading().Match(Text(heading.Inline));
                    if (!match.Success || int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) != sections.Count + 1)
                    {
                        errors.Add(("PolicyMd_SectionNumber", sections.Count + 1));
                    }

                    sections.Add((sections.Count + 1, match.Success ? match.Groups[2].Value.Trim() : Text(heading.Inline), null, []));
                    break;
                case ParagraphBlock paragraph when sections.Count > 0 && sections[^1].Clauses.Count == 0 && sections[^1].Intro is null:
                    sections[^1] = sections[^1] with { Intro = Text(paragraph.Inline) };
                    break;
                case ListBlock { IsOrdered: true } list when sections.Count > 0 && sections[^1].Clauses.Count == 0:
                    sections[^1].Clauses.AddRange(list.OfType<ListItemBlock>().Select(item => string.Join(' ', item.OfType<ParagraphBlock>().Select(p => Text(p.Inline)))));
                    break;
                default:
                    errors.Add(("PolicyMd_Unexpected", block.Line + 1));
                    break;
            }
        }

        if (string.IsNullOrWhiteSpace(title))
        {
            errors.Add(("PolicyMd_NoTitle", 0));
        }

        if (sections.Count == 0)
        {
            errors.Add(("PolicyMd_NoSections", 0));
        }

        errors.AddRange(sections.Where(s => s.Clauses.Count == 0 && s.Intro is null).Select(s => ("PolicyMd_EmptySection", (object)s.Number)));
        return new ParsedPolicy(title, sections.Select(s => new PolicySection(s.Number, s.Heading, s.Intro, s.Clauses)).ToList(), errors);
    }

    /// <summary>What the editor wrote, as HTML with anything executable removed (the preview).</summary>
    public static string SanitizedHtml(string? markdown) => Sanitizer.Sanitize(Markdown.ToHtml(markdown ?? string.Empty, Pipeline));

    private static string Text(ContainerInline? inline) =>
        inline is null ? string.Empty : string.Concat(inline.Descendants<Inline>().Select(i => i switch
        {
            LiteralInline literal => literal.Content.ToString(),
            CodeInline code => code.Content,
            LineBreakInline => " ",
            _ => string.Empty,
        })).Trim();

    /// <summary>Backslash-escapes what Markdown would read as formatting, so any text survives the round trip.</summary>
    private static string Escape(string text)
    {
        var escaped = MarkdownSpecial().Replace(text.Trim(), @"\$0");
        return BlockStart().Replace(escaped, @"$1\$2", 1);
    }

    [GeneratedRegex(@"^(\d+)\.\s+(.+)$")]
    private static partial Regex NumberedHeading();

    [GeneratedRegex(@"[\\`*_\[\]<>#|~]")]
    private static partial Regex MarkdownSpecial();

    /// <summary>Text that would start a list or a quote if it began a line.</summary>
    [GeneratedRegex(@"^(\d*)([-+.)])(?=\s|$)")]
    private static partial Regex BlockStart();
}
