import { Alert, Anchor, Badge, Button, Checkbox, Group, Image, Paper, Progress, Radio, Stack, Text, Title } from '@mantine/core';
import { IconCertificate, IconCheck, IconX } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { AssignmentDto, AttemptResultDto, LessonDto, OpenAttemptDto } from '../../../shared/training.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { Markdown } from '../../components/markdown.js';
import { PageHeader } from '../../components/page-header.js';
import { useLang } from '../../lib/use-lang.js';
import { certificateUrl, useAssignment, useStartAttempt, useSubmitAttempt } from './api.js';

type Lang = 'ja' | 'en';
const pick = (lang: Lang, ja: string, en: string) => (lang === 'ja' ? ja || en : en || ja);

/** One lesson: its text (safe Markdown), its images and its PDF (shown from our own origin). */
function LessonView({ lesson, lang }: { lesson: LessonDto; lang: Lang }) {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <Title order={2} fz="xl">
        {pick(lang, lesson.titleJa, lesson.titleEn)}
      </Title>
      <Markdown source={pick(lang, lesson.bodyJa, lesson.bodyEn)} />
      {lesson.files.map((f) => {
        const caption = pick(lang, f.captionJa, f.captionEn) || f.fileName;
        return f.kind === 'image' ? (
          <figure key={f.id} style={{ margin: 0 }}>
            <Image src={f.url} alt={caption} radius="sm" maw="100%" fit="contain" />
            {pick(lang, f.captionJa, f.captionEn) && (
              <Text component="figcaption" size="sm" c="dimmed" mt={4}>
                {caption}
              </Text>
            )}
          </figure>
        ) : (
          <Stack key={f.id} gap={4}>
            <iframe src={f.url} title={caption} style={{ width: '100%', height: '70vh', border: '1px solid var(--mantine-color-gray-4)', borderRadius: 4 }} />
            <Anchor href={f.url} target="_blank" rel="noopener" size="sm">
              {t('training.player.openPdf', { name: caption })}
            </Anchor>
          </Stack>
        );
      })}
    </Stack>
  );
}

/** The questions of an open attempt, answered with radio buttons (single choice) or checkboxes (multiple). */
function QuizForm({ attempt, lang, onSubmit, submitting }: { attempt: OpenAttemptDto; lang: Lang; onSubmit: (answers: Record<string, string[]>) => void; submitting: boolean }) {
  const { t } = useTranslation();
  const [answers, setAnswers] = useState<Record<string, string[]>>({});
  const unanswered = attempt.questions.filter((q) => !(answers[q.id]?.length)).length;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(answers);
      }}
    >
      <Stack gap="lg">
        {attempt.questions.map((q, i) => {
          const label = `${t('training.player.questionNo', { n: i + 1 })} ${pick(lang, q.promptJa, q.promptEn)}`;
          return (
            <Paper key={q.id} withBorder p="md" radius="md">
              {q.kind === 'single' ? (
                <Radio.Group label={label} value={answers[q.id]?.[0] ?? null} onChange={(v) => setAnswers((a) => ({ ...a, [q.id]: [v] }))}>
                  <Stack gap="sm" mt="sm">
                    {q.options.map((o) => (
                      <Radio key={o.id} value={o.id} label={pick(lang, o.textJa, o.textEn)} />
                    ))}
                  </Stack>
                </Radio.Group>
              ) : (
                <Checkbox.Group label={label} description={t('training.player.chooseAll')} value={answers[q.id] ?? []} onChange={(v) => setAnswers((a) => ({ ...a, [q.id]: v }))}>
                  <Stack gap="sm" mt="sm">
                    {q.options.map((o) => (
                      <Checkbox key={o.id} value={o.id} label={pick(lang, o.textJa, o.textEn)} />
                    ))}
                  </Stack>
                </Checkbox.Group>
              )}
            </Paper>
          );
        })}
        {unanswered > 0 && (
          <Text size="sm" c="dimmed">
            {t('training.player.unanswered', { count: unanswered })}
          </Text>
        )}
        <Group>
          <Button type="submit" loading={submitting}>
            {t('training.player.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A scored attempt: the score, pass or fail, and each question with the right answers and why. */
function ResultView({ result, passMark, lang }: { result: AttemptResultDto; passMark: number; lang: Lang }) {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <Alert color={result.passed ? 'ok' : 'red'} title={result.passed ? t('training.player.passedTitle') : t('training.player.failedTitle')} role="status">
        {t('training.player.scoreLine', { score: result.score, passMark })}
      </Alert>
      <Title order={3} fz="lg">
        {t('training.player.explanations')}
      </Title>
      {result.questions.map((q, i) => (
        <Paper key={q.id} withBorder p="md" radius="md">
          <Stack gap="xs">
            <Group gap="xs" wrap="nowrap" align="flex-start">
              {q.correct ? <IconCheck size={20} color="var(--mantine-color-ok-8)" aria-hidden /> : <IconX size={20} color="var(--mantine-color-red-7)" aria-hidden />}
              <Text fw={600}>
                {t('training.player.questionNo', { n: i + 1 })} {pick(lang, q.promptJa, q.promptEn)}
                <Text span size="sm" c={q.correct ? 'ok.8' : 'red.8'} ml="xs">
                  {q.correct ? t('training.player.right') : t('training.player.wrong')}
                </Text>
              </Text>
            </Group>
            <Stack gap={2} component="ul" style={{ listStyle: 'none', paddingLeft: 0, margin: 0 }}>
              {q.options.map((o) => (
                <Text component="li" key={o.id} size="sm" fw={o.correct ? 600 : 400}>
                  {o.correct ? '✓ ' : '・'}
                  {pick(lang, o.textJa, o.textEn)}
                  {o.chosen && ` ${t('training.player.yourAnswer')}`}
                  {o.correct && ` ${t('training.player.correctAnswer')}`}
                </Text>
              ))}
            </Stack>
            {pick(lang, q.explanationJa, q.explanationEn) && (
              <Text size="sm" c="dimmed">
                {t('training.player.why')}: {pick(lang, q.explanationJa, q.explanationEn)}
              </Text>
            )}
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}

function CertificateButtons({ a }: { a: AssignmentDto }) {
  const { t } = useTranslation();
  return (
    <Group gap="sm">
      <Button component="a" href={certificateUrl(a.id, 'ja')} download leftSection={<IconCertificate size={18} aria-hidden />}>
        {t('training.player.downloadCertificate')}
      </Button>
      <Button component="a" href={certificateUrl(a.id, 'en')} download variant="default">
        {t('training.player.downloadCertificateEn')}
      </Button>
    </Group>
  );
}

/**
 * The course player (works at phone width): the lessons one by one with previous / next, then
 * the quiz, the result with explanations, another attempt if any is left, and the certificate.
 */
export function PlayerPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { assignmentId } = useParams();
  const q = useAssignment(assignmentId);
  const start = useStartAttempt(assignmentId ?? '');
  const submit = useSubmitAttempt();
  const [step, setStep] = useState(0);
  const [view, setView] = useState<'lessons' | 'quiz'>('lessons');
  const [result, setResult] = useState<AttemptResultDto | null>(null);

  useEffect(() => {
    if (q.data?.openAttempt) setView('quiz');
  }, [q.data?.openAttempt]);
  useEffect(() => {
    window.scrollTo?.({ top: 0 });
  }, [step, view, result]);

  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorAlert error={q.error} />;
  const a = q.data;
  const lessons = a.lessons;
  const title = pick(lang, a.courseTitleJa, a.courseTitleEn);
  const lesson = lessons[step];
  const status = a.completedAt ? (
    <Badge color="teal">{t('training.status.completed')}</Badge>
  ) : a.overdue ? (
    <Badge color="red">{t('training.status.overdue')}</Badge>
  ) : (
    <Badge color="blue">{t('training.status.pending')}</Badge>
  );

  return (
    <Stack gap="md" maw={760}>
      <PageHeader
        title={title}
        badge={status}
        above={
          <Anchor component={Link} to="/training" size="sm">
            {t('training.player.back')}
          </Anchor>
        }
        description={t('training.player.meta', { due: a.dueOn, passMark: a.course.passMark, count: a.course.questionsPerAttempt })}
      />
      {a.completedAt && (
        <Alert color="ok" title={t('training.player.completedTitle')}>
          <Stack gap="sm">
            <Text size="sm">{t('training.player.completedText', { score: a.bestScore ?? 0, no: a.certificateNo ?? '' })}</Text>
            <CertificateButtons a={a} />
          </Stack>
        </Alert>
      )}

      {view === 'lessons' && lesson && (
        <Stack gap="md">
          <Text size="sm" c="dimmed" aria-live="polite">
            {t('training.player.lessonOf', { n: step + 1, total: lessons.length })}
          </Text>
          <Progress value={((step + 1) / lessons.length) * 100} aria-label={t('training.player.progress')} size="sm" />
          <LessonView lesson={lesson} lang={lang} />
          <Group justify="space-between">
            <Button variant="default" onClick={() => setStep((s) => s - 1)} disabled={step === 0}>
              {t('training.player.previous')}
            </Button>
            {step < lessons.length - 1 ? (
              <Button onClick={() => setStep((s) => s + 1)}>{t('training.player.next')}</Button>
            ) : (
              a.mine && !a.completedAt && <Button onClick={() => setView('quiz')}>{t('training.player.toQuiz')}</Button>
            )}
          </Group>
        </Stack>
      )}

      {view === 'quiz' && (
        <Stack gap="md">
          <Group justify="space-between">
            <Title order={2} fz="xl">
              {t('training.player.quizTitle')}
            </Title>
            <Button variant="subtle" onClick={() => { setView('lessons'); setResult(null); }}>
              {t('training.player.backToLessons')}
            </Button>
          </Group>
          <ErrorAlert error={start.error ?? submit.error} />
          {result ? (
            <>
              <ResultView result={result} passMark={a.course.passMark} lang={lang} />
              <Group>
                {a.canStart && (
                  <Button onClick={() => { setResult(null); start.mutate(); }} loading={start.isPending}>
                    {t('training.player.retry')}
                  </Button>
                )}
              </Group>
              {!a.canStart && !a.completedAt && <Text size="sm">{t('training.player.noAttemptsLeft')}</Text>}
            </>
          ) : a.openAttempt ? (
            <QuizForm
              key={a.openAttempt.id}
              attempt={a.openAttempt}
              lang={lang}
              submitting={submit.isPending}
              onSubmit={(answers) =>
                submit.mutate(
                  { id: a.openAttempt!.id, answers: a.openAttempt!.questions.map((qq) => ({ questionId: qq.id, optionIds: answers[qq.id] ?? [] })) },
                  { onSuccess: (r) => setResult(r.result) },
                )
              }
            />
          ) : (
            <Paper withBorder p="md" radius="md">
              <Stack gap="sm">
                <Text size="sm">{t('training.player.quizIntro', { count: a.course.questionsPerAttempt, passMark: a.course.passMark })}</Text>
                <Text size="sm">{a.attemptsLeft == null ? t('training.player.attemptsUnlimited') : t('training.player.attemptsLeft', { count: a.attemptsLeft })}</Text>
                {a.canStart ? (
                  <Group>
                    <Button onClick={() => start.mutate()} loading={start.isPending}>
                      {t('training.player.start')}
                    </Button>
                  </Group>
                ) : (
                  !a.completedAt && <Text size="sm">{t('training.player.noAttemptsLeft')}</Text>
                )}
                {a.lastResult && !a.completedAt && (
                  <Text size="sm" c="dimmed">
                    {t('training.player.lastScore', { score: a.lastResult.score })}
                  </Text>
                )}
              </Stack>
            </Paper>
          )}
        </Stack>
      )}
    </Stack>
  );
}
