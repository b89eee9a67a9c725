import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fillPath, type ResponseOf } from '../../../shared/api/endpoint.js';
import { trainingApi as t } from '../../../shared/api/training.js';
import type { CreateCourseInput, SaveLessonInput, SaveQuestionInput, SubmitAttempt, UpdateCourse, UpdateLesson } from '../../../shared/training.js';
import { call, hrefOf, upload, type UploadHandle } from '../../api/client.js';
import { SESSION_KEY } from '../../api/session.js';

const KEY = ['training'] as const;

export const useCourses = (enabled = true) => useQuery({ queryKey: [...KEY, 'courses'], queryFn: ({ signal }) => call(t.listCourses, {}, signal), enabled });
export const useCourse = (id: string | undefined) => useQuery({ queryKey: [...KEY, 'course', id], queryFn: ({ signal }) => call(t.getCourse, { params: { id: id! } }, signal), enabled: !!id });
export const useMyAssignments = () => useQuery({ queryKey: [...KEY, 'mine'], queryFn: ({ signal }) => call(t.myAssignments, {}, signal) });
export const useAssignment = (id: string | undefined) => useQuery({ queryKey: [...KEY, 'assignment', id], queryFn: ({ signal }) => call(t.assignment, { params: { id: id! } }, signal), enabled: !!id });

function useInvalidate() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: KEY });
}

export function useCreateCourse() {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: CreateCourseInput) => call(t.createCourse, { body }), onSettled: done });
}
export function useUpdateCourse(id: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: UpdateCourse) => call(t.updateCourse, { params: { id }, body }), onSettled: done });
}
export function usePublishCourse(id: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: () => call(t.publishCourse, { params: { id } }), onSettled: done });
}
export function useRetireCourse(id: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: () => call(t.retireCourse, { params: { id } }), onSettled: done });
}
export function useAddLesson(courseId: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: SaveLessonInput) => call(t.addLesson, { params: { id: courseId }, body }), onSettled: done });
}
export function useUpdateLesson() {
  const done = useInvalidate();
  return useMutation({ mutationFn: ({ id, ...body }: UpdateLesson & { id: string }) => call(t.updateLesson, { params: { id }, body }), onSettled: done });
}
export function useDeleteLesson() {
  const done = useInvalidate();
  return useMutation({ mutationFn: (id: string) => call(t.deleteLesson, { params: { id } }), onSettled: done });
}
export function useDeleteFile() {
  const done = useInvalidate();
  return useMutation({ mutationFn: (id: string) => call(t.deleteLessonFile, { params: { id } }), onSettled: done });
}
export function useSaveQuestion(courseId: string) {
  const done = useInvalidate();
  return useMutation({
    mutationFn: ({ id, ...body }: SaveQuestionInput & { id?: string }) => (id ? call(t.updateQuestion, { params: { id }, body }) : call(t.addQuestion, { params: { id: courseId }, body })),
    onSettled: done,
  });
}
export function useDeleteQuestion() {
  const done = useInvalidate();
  return useMutation({ mutationFn: (id: string) => call(t.deleteQuestion, { params: { id } }), onSettled: done });
}
export function useStartAttempt(assignmentId: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: () => call(t.startAttempt, { params: { id: assignmentId } }), onSettled: done });
}
export function useSubmitAttempt() {
  const done = useInvalidate();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: SubmitAttempt & { id: string }) => call(t.submitAttempt, { params: { id }, body }),
    // Passing a required course lifts the session's 'training' requirement.
    onSettled: () => Promise.all([done(), qc.invalidateQueries({ queryKey: SESSION_KEY })]),
  });
}

/** Uploads a lesson image (PNG, JPEG) or PDF with its captions; reports progress. */
export function uploadLessonFile(lessonId: string, file: File, captionJa: string, captionEn: string, onProgress: (f: number) => void): UploadHandle<ResponseOf<typeof t.addLessonFile>> {
  const form = new FormData();
  form.append('captionJa', captionJa);
  form.append('captionEn', captionEn);
  form.append('file', file, file.name);
  return upload<ResponseOf<typeof t.addLessonFile>>(fillPath(t.addLessonFile.path, { id: lessonId }), form, onProgress);
}

export const certificateUrl = (assignmentId: string, lang: 'ja' | 'en') => hrefOf(t.certificate, { params: { id: assignmentId }, query: { lang } });
export const TRAINING_KEY = KEY;
