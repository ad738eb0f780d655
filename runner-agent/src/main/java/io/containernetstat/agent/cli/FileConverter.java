package io.containernetstat.agent.cli;

import io.containernetstat.core.ProcNetFile;

/** One of {@code --files}: a file under {@code /proc/<pid>/net} by its name ({@code sockstat6}). */
public final class FileConverter extends ParsingConverter<ProcNetFile> {
  /** Made by picocli, from the option's {@code converter} attribute. */
  public FileConverter() {}

  @Override
  protected ProcNetFile parse(String text) {
    return ProcNetFile.ofFileName(text);
  }
}
