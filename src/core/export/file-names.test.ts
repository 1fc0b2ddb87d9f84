import { describe, expect, it } from 'vitest';
import { fileNameFromUrl, uniqueFileNames } from './file-names';

describe('fileNameFromUrl', () => {
  it('takes the last path segment', () => {
    expect(fileNameFromUrl('/demo/images/street-01.jpg')).toBe('street-01.jpg');
  });
  it('drops query and fragment, decodes, and replaces unsafe characters', () => {
    expect(fileNameFromUrl('https://cdn.example.com/a/My%20Photo%20(1).JPG?sig=abc#top')).toBe('My_Photo__1_.JPG');
  });
  it('adds the extension of the stored type to a name without one', () => {
    expect(fileNameFromUrl('/api/media/1b4e28ba-2fa1-11d2-883f-0016d3cca427', 'image/png')).toBe('1b4e28ba-2fa1-11d2-883f-0016d3cca427.png');
    expect(fileNameFromUrl('/x/photo.jpeg', 'image/png')).toBe('photo.jpeg');
  });
  it('never yields a folder, a hidden file or an empty name', () => {
    expect(fileNameFromUrl('../../etc/passwd')).toBe('passwd');
    expect(fileNameFromUrl('/a/..')).toBe('image');
    expect(fileNameFromUrl('/a/.hidden.png')).toBe('hidden.png');
    expect(fileNameFromUrl('https://example.com/', 'image/jpeg')).toBe('image.jpg');
    expect(fileNameFromUrl('C:\\photos\\cat.png')).toBe('cat.png');
  });
  it('keeps a malformed percent escape as written', () => {
    expect(fileNameFromUrl('/a/100%.png')).toBe('100_.png');
  });
});

describe('uniqueFileNames', () => {
  it('leaves distinct names alone', () => {
    expect(uniqueFileNames([{ taskId: 'aaaaaaaa-1', fileName: 'a.jpg' }, { taskId: 'bbbbbbbb-2', fileName: 'b.jpg' }])).toEqual(['a.jpg', 'b.jpg']);
  });
  it('suffixes every image sharing a stem, ignoring case and extension, with its task id', () => {
    expect(
      uniqueFileNames([
        { taskId: 'aaaaaaaa-1', fileName: 'street.jpg' },
        { taskId: 'bbbbbbbb-2', fileName: 'other.jpg' },
        { taskId: 'cccccccc-3', fileName: 'Street.PNG' },
      ]),
    ).toEqual(['street_aaaaaaaa.jpg', 'other.jpg', 'Street_cccccccc.PNG']);
  });
  it('stays unique when a suffixed name matches another image’s own name', () => {
    expect(
      uniqueFileNames([
        { taskId: 'aaaaaaaa-1', fileName: 'x_aaaaaaaa.jpg' },
        { taskId: 'aaaaaaaa-2', fileName: 'x.jpg' },
        { taskId: 'aaaaaaaa-3', fileName: 'x.png' },
      ]),
    ).toEqual(['x_aaaaaaaa.jpg', 'x_aaaaaaaa_2.jpg', 'x_aaaaaaaa_3.png']);
  });
});
