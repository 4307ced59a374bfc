// Fixture rows in NHS England's list-file formats, for the denominator tests.

export const AGE_HEADER = 'PUBLICATION,EXTRACT_DATE,TYPE,CCG_CODE,ONS_CCG_CODE,ORG_CODE,POSTCODE,SEX,AGE_GROUP_5,NUMBER_OF_PATIENTS';
export const LSOA_HEADER = 'PUBLICATION,EXTRACT_DATE,PRACTICE_CODE,PRACTICE_NAME,LSOA_CODE,SEX,NUMBER_OF_PATIENTS';

/** One age-file row as NHS England publishes it. */
export const ageRow = (date: string, ods: string, sex: string, band: string, n: number | string) =>
  `GP_PRAC_PAT_LIST,${date},GP,02T,E38000025,${ods},HX1 1AA,${sex},${band},${n}`;
export const lsoaRow = (date: string, ods: string, lsoa: string, sex: string, n: number | string) =>
  `GP_PRAC_PAT_LIST,${date},${ods},PRACTICE ${ods},${lsoa},${sex},${n}`;
